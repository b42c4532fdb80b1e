package dev.vpsguard.agent.enforce;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deletes a guest's port-25 conntrack entries when a block starts: NAT binds when a connection
 * starts, so an already open SMTP session would otherwise survive the block (docs/lab.md).
 */
public final class ConntrackFlowCleaner {
    // conntrack-tools prints this to stderr and exits 1 when nothing matched.
    private static final Pattern DELETED = Pattern.compile("(\\d+) flow entries have been deleted");

    private final CommandRunner runner;

    public ConntrackFlowCleaner(CommandRunner runner) {
        this.runner = runner;
    }

    /**
     * The outcome for one address.
     *
     * @param deleted entries deleted, or -1 on failure
     * @param error why it failed (null when it did not)
     */
    public record Deletion(int deleted, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Deletes the TCP port-25 entries whose original source is {@code guestIp}. */
    public Deletion deleteSmtpFlows(String guestIp) {
        Cidr address = Cidr.parse(guestIp);
        List<String> argv =
                List.of(
                        "conntrack",
                        "-D",
                        "-f",
                        address.v6() ? "ipv6" : "ipv4",
                        "-p",
                        "tcp",
                        "--dport",
                        "25",
                        "-s",
                        address.address());
        return interpret(runner.run(argv));
    }

    /** Exit 0, or exit 1 with "0 flow entries have been deleted", both mean success. */
    static Deletion interpret(CommandRunner.CommandResult r) {
        Matcher m = DELETED.matcher(r.stderr());
        if (m.find() && (r.exitCode() == 0 || r.exitCode() == 1)) {
            return new Deletion(Integer.parseInt(m.group(1)), null);
        }
        return new Deletion(-1, r.describe());
    }
}
