package dev.vpsguard.server.policy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The values a policy file may leave out. The ladder and strike memory come from docs/contracts.md,
 * "What the contracts leave open"; the thresholds are this project's choices, documented with their
 * reasons in {@code docs/policies.md}. A section a contract leaves out cites no article of that
 * contract: its clause names the rule ids of docs/contracts.md, as the default policy does.
 */
public final class PolicyDefaults {
    private static final String RULE = "Default policy, docs/contracts.md ";

    /**
     * A bot sends hundreds of connections a minute, many failing; a small mail server a handful; a
     * newsletter may send 150 a minute, every one accepted (volume alone only raises a finding).
     */
    public static final SpamPolicy SPAM =
            new SpamPolicy(
                    new SpamPolicy.Burst(60, RULE + "S1, S5"),
                    new SpamPolicy.FanOut(150, 100, 0.1, RULE + "S1, S6"),
                    new SpamPolicy.FailureRatio(0.25, 30, RULE + "S1, S6"),
                    new SpamPolicy.Anomaly(
                            10, 20, Duration.ofHours(24), Duration.ofHours(12), RULE + "S1, S5"),
                    new SpamPolicy.Ceiling(600, RULE + "S1, S6"),
                    10,
                    2,
                    Duration.ofDays(7),
                    RULE + "S1, S5");

    public static final DeclaredSenders DECLARED_SENDERS =
            new DeclaredSenders(10, Set.of(), Set.of(), RULE + "declared mail senders");

    public static final LadderPolicy LADDER =
            new LadderPolicy(
                    List.of(
                            new Rung(Duration.ofHours(1), UnblockMode.ON_REQUEST, RULE + "S7"),
                            new Rung(Duration.ofHours(24), UnblockMode.ON_REQUEST, RULE + "S7, S8"),
                            new Rung(Duration.ofDays(7), UnblockMode.REFUSED, RULE + "S9")),
                    Duration.ofDays(365),
                    3,
                    RULE + "S8, S9");

    public static final ResourcePolicy RESOURCES =
            new ResourcePolicy(
                    new ResourcePolicy.Contention(85, RULE + "R1"),
                    new ResourcePolicy.Cpu(0.9, Duration.ofMinutes(15), RULE + "R2"),
                    new ResourcePolicy.Disk(
                            200.0 * 1024 * 1024, 5000, Duration.ofMinutes(10), RULE + "R2"),
                    new ResourcePolicy.Egress(500, 100, Duration.ofMinutes(10), RULE + "R5"),
                    new ResourcePolicy.Packets(50_000, Duration.ofMinutes(5), RULE + "R6"),
                    new ResourcePolicy.Escalation(
                            Duration.ofMinutes(15), Duration.ofMinutes(30), RULE + "R2"),
                    new ResourcePolicy.Actions(
                            ActionMode.AUTO,
                            ActionMode.AUTO,
                            ActionMode.APPROVE,
                            ActionMode.APPROVE,
                            RULE + "R3, S10"));

    /**
     * A scan probes addresses or ports that mostly do not answer; a crawler's or a backup's flows
     * are answered. Thresholds are per agent window (5 s by default). No contract, no port filter.
     */
    public static final NetworkPolicy NETWORK =
            new NetworkPolicy(
                    new NetworkPolicy.Scans(
                            new NetworkPolicy.Horizontal(64, 512, RULE + "R6"),
                            new NetworkPolicy.Vertical(50, 500, RULE + "R6"),
                            new NetworkPolicy.BruteForce(
                                    Set.of(22, 3389, 110, 143, 465, 587, 993, 995),
                                    20,
                                    RULE + "R6"),
                            0.5,
                            new NetworkPolicy.Baseline(5, Duration.ofHours(6)),
                            RULE + "R6"),
                    new NetworkPolicy.Filters(
                            List.of(), List.of(), List.of(), List.of(), null, null, RULE + "R7"));

    private PolicyDefaults() {}
}
