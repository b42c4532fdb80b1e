package dev.vpsguard.agent.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code enroll} does once the credential is written: start the packaged unit through
 * systemctl, or say what to run. Pure: the caller finds out what the machine has and runs the
 * command.
 */
final class AfterEnrolment {
    static final String UNIT = "vpsguard-agent.service";

    /**
     * @param start the command that starts the agent, or empty when nothing is run
     * @param message what to tell the operator (after the command, when there is one)
     */
    record Plan(List<String> start, String message) {}

    private AfterEnrolment() {}

    /**
     * @param configFile the configuration enroll read
     * @param unitsConfig whether it is the one the packaged unit runs with ({@code
     *     /etc/vpsguard/agent.yml}); a demo's or a test's own file never starts the unit
     * @param configured its {@code server.url}, or null when there is no such file
     * @param enrolled the server enroll just talked to
     * @param systemd whether systemd is PID 1 ({@code /run/systemd/system} exists)
     * @param unitInstalled whether the package's unit is installed
     * @param noStart {@code --no-start}
     */
    static Plan plan(
            Path configFile,
            boolean unitsConfig,
            URI configured,
            URI enrolled,
            boolean systemd,
            boolean unitInstalled,
            boolean noStart) {
        String runByHand = "vpsguard-agent run --config " + configFile;
        if (configured != null && !sameServer(configured, enrolled)) {
            return new Plan(
                    List.of(),
                    "Not started: server.url in "
                            + configFile
                            + " is "
                            + configured
                            + "; set it to "
                            + enrolled
                            + ", then start the agent ("
                            + (unitsConfig && unitInstalled ? "systemctl start " + UNIT : runByHand)
                            + ").");
        }
        if (!unitsConfig || !unitInstalled) {
            return new Plan(List.of(), "Start the agent with: " + runByHand);
        }
        if (noStart) {
            return new Plan(
                    List.of(), "Not started (--no-start); start it with: systemctl start " + UNIT);
        }
        if (!systemd) {
            return new Plan(
                    List.of(),
                    "systemd is not running on this machine, so "
                            + UNIT
                            + " was not started; start the agent with your init system, or: "
                            + runByHand);
        }
        // restart, not start: an agent already running picks up the new credential.
        return new Plan(List.of("systemctl", "restart", UNIT), "Started " + UNIT + ".");
    }

    /** The same server, whatever trailing slash either was written with. */
    static boolean sameServer(URI a, URI b) {
        return strip(a.toString()).equals(strip(b.toString()));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
