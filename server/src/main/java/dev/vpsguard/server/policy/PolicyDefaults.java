package dev.vpsguard.server.policy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The values a policy file may leave out. The ladder and strike memory come from CONTRACTS.md,
 * "What the contracts leave open"; the thresholds are this project's choices, documented with their
 * reasons in {@code docs/policies.md}.
 */
public final class PolicyDefaults {
    static final String OPEN = "CONTRACTS.md: what the contracts leave open";

    /**
     * A bot sends hundreds of connections a minute, many failing; a small mail server a handful; a
     * newsletter may send 150 a minute, every one accepted (volume alone only raises a finding).
     */
    public static final SpamPolicy SPAM =
            new SpamPolicy(
                    new SpamPolicy.Burst(60, "powerpos Art. 8 / S1, S5"),
                    new SpamPolicy.FanOut(150, 100, 0.1, "powerpos Art. 8 / S1, S6"),
                    new SpamPolicy.FailureRatio(0.25, 30, "powerpos Art. 8 / S1, S6"),
                    new SpamPolicy.Anomaly(
                            10,
                            20,
                            Duration.ofHours(24),
                            Duration.ofHours(12),
                            "powerpos Art. 8 / S1, S5"),
                    new SpamPolicy.Ceiling(600, "powerpos Art. 8 / S1, S6"),
                    10,
                    2,
                    Duration.ofDays(7),
                    "powerpos Art. 8 / S1, S5");

    public static final DeclaredSenders DECLARED_SENDERS =
            new DeclaredSenders(10, Set.of(), Set.of(), OPEN + " (declared mail senders)");

    public static final LadderPolicy LADDER =
            new LadderPolicy(
                    List.of(
                            new Rung(Duration.ofHours(1), UnblockMode.ON_REQUEST, OPEN + " / S7"),
                            new Rung(
                                    Duration.ofHours(24),
                                    UnblockMode.ON_REQUEST,
                                    OPEN + " / S7, S8"),
                            new Rung(Duration.ofDays(7), UnblockMode.REFUSED, OPEN + " / S9")),
                    Duration.ofDays(365),
                    3,
                    "powerpos Art. 8 / S8, S9");

    public static final ResourcePolicy RESOURCES =
            new ResourcePolicy(
                    new ResourcePolicy.Contention(85, "powerpos Art. 2 / R1"),
                    new ResourcePolicy.Cpu(0.9, Duration.ofMinutes(15), "unixo 5.1 / R2"),
                    new ResourcePolicy.Disk(
                            200.0 * 1024 * 1024, 5000, Duration.ofMinutes(10), "unixo 5.1 / R2"),
                    new ResourcePolicy.Egress(
                            500, 100, Duration.ofMinutes(10), "micro-info Art. 2 / R5"),
                    new ResourcePolicy.Packets(50_000, Duration.ofMinutes(5), "unixo 8 / R6"),
                    new ResourcePolicy.Escalation(
                            Duration.ofMinutes(15), Duration.ofMinutes(30), "unixo 5.1 / R2"),
                    new ResourcePolicy.Actions(
                            ActionMode.AUTO,
                            ActionMode.AUTO,
                            ActionMode.APPROVE,
                            ActionMode.APPROVE,
                            "mtds Art. 4 / R3; powerpos 7.4 / S10"));

    private PolicyDefaults() {}
}
