package dev.vpsguard.agent.config;

import static dev.vpsguard.agent.config.AgentConfigLoader.quote;

import dev.vpsguard.agent.smtp.ReplayCapture;
import dev.vpsguard.agent.smtp.ReplayCaptureException;
import java.time.Duration;

/** Applies defaults to the {@code smtp:} section and checks it; the first error wins. */
final class SmtpValidator {
    static final int DEFAULT_GAP_SECONDS = 60;
    static final int MAX_GAP_SECONDS = 86_400;
    static final int MAX_SPEED = 100;
    static final int DEFAULT_ANSWER_DEADLINE_SECONDS = 5;

    /** Past a minute, the kernel's own SYN_SENT timeout (120 s) is nearly as early. */
    static final int MAX_ANSWER_DEADLINE_SECONDS = 60;

    private final String file;
    private final ConfigValidator ranges;

    SmtpValidator(String file, ConfigValidator ranges) {
        this.file = file;
        this.ranges = ranges;
    }

    AgentConfig.Smtp validate(
            RawConfig.Smtp raw, AgentConfig.InventoryMode mode, boolean enforcementEnabled)
            throws ConfigException {
        RawConfig.Smtp s = raw == null ? new RawConfig.Smtp(null, null, null, null, null) : raw;
        AgentConfig.Replay replay =
                s.replay() == null
                        ? null
                        : replay(s.replay(), s.enabled(), mode, enforcementEnabled);
        boolean enabled =
                s.enabled() != null
                        ? s.enabled()
                        : replay != null || mode == AgentConfig.InventoryMode.PROXMOX;
        return new AgentConfig.Smtp(
                enabled,
                ranges.range("smtp.preAlertConnections", s.preAlertConnections(), 20, 1, 1_000_000),
                Duration.ofSeconds(
                        ranges.range("smtp.preAlertSeconds", s.preAlertSeconds(), 2, 1, 300)),
                Duration.ofSeconds(
                        ranges.range(
                                "smtp.answerDeadlineSeconds",
                                s.answerDeadlineSeconds(),
                                DEFAULT_ANSWER_DEADLINE_SECONDS,
                                1,
                                MAX_ANSWER_DEADLINE_SECONDS)),
                replay);
    }

    /**
     * Replay makes up SMTP traffic: refused where it could make the server act on real guests (a
     * Proxmox inventory, or enforcement on), and the capture is loaded here so that a bad one stops
     * the agent at startup with its line number.
     */
    private AgentConfig.Replay replay(
            RawConfig.Replay r,
            Boolean enabled,
            AgentConfig.InventoryMode mode,
            boolean enforcementEnabled)
            throws ConfigException {
        if (mode == AgentConfig.InventoryMode.PROXMOX) {
            throw error(
                    "smtp.replay",
                    null,
                    "is refused with inventory.mode proxmox: replayed traffic is for demos and"
                            + " tests, and would report made-up SMTP counts for real guests"
                            + " (use inventory.mode static)");
        }
        if (enforcementEnabled) {
            throw error(
                    "smtp.replay",
                    null,
                    "is refused with enforcement.enabled true: made-up traffic must never block"
                            + " or throttle a real machine");
        }
        if (Boolean.FALSE.equals(enabled)) {
            throw error("smtp.enabled", "false", "must not be false when smtp.replay is set");
        }
        if (r.file() == null || r.file().isBlank()) {
            throw error(
                    "smtp.replay.file",
                    r.file() == null ? null : quote(r.file()),
                    "is required: \""
                            + ReplayCapture.BUILTIN_DEMO
                            + "\" or the absolute path of a"
                            + " capture");
        }
        int gap =
                ranges.range(
                        "smtp.replay.gapSeconds",
                        r.gapSeconds(),
                        DEFAULT_GAP_SECONDS,
                        0,
                        MAX_GAP_SECONDS);
        int speed = ranges.range("smtp.replay.speed", r.speed(), 1, 1, MAX_SPEED);
        try {
            ReplayCapture.load(r.file());
        } catch (ReplayCaptureException e) {
            throw error("smtp.replay.file", quote(r.file()), e.reason());
        }
        return new AgentConfig.Replay(
                r.file(), r.loop() == null || r.loop(), Duration.ofSeconds(gap), speed);
    }

    private ConfigException error(String key, String value, String reason) {
        return new ConfigException(file, key, value, reason);
    }
}
