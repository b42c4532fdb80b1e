package dev.vpsguard.fleet.sim;

import dev.vpsguard.fleet.model.FleetPlan;
import dev.vpsguard.fleet.model.GuestPlan;
import dev.vpsguard.fleet.model.GuestProfile;
import dev.vpsguard.fleet.model.SpamThreshold;
import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.DesiredState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every reply against the plan: each spam bot must be blocked in the reply to the report
 * whose window crossed the threshold (not before, not later), and no other guest may be blocked; no
 * action other than an SMTP block may fall on a guest that is not a miner (the only resource
 * abuser). Thread-safe: replies of different hosts arrive on different threads.
 */
public final class GroundTruth {
    /** What became of one spam bot. */
    public enum BotOutcome {
        /** Blocked in the reply to its crossing report: what must happen. */
        BLOCKED_IN_CROSSING_REPLY,
        /** Blocked before its window crossed the threshold. */
        BLOCKED_EARLY,
        /** Not blocked in the crossing reply (blocked later or never). */
        MISSED,
        /** Its crossing report was never answered (the run ended, or that report failed). */
        NOT_REACHED
    }

    private static final int MAX_EXAMPLES = 20;

    private final FleetPlan plan;
    private final SpamThreshold threshold;
    private final Map<Long, BotOutcome> bots = new HashMap<>();
    private final Map<Long, Long> detectionNanos = new HashMap<>();
    private final Map<Long, String> falseBlocks = new HashMap<>();
    private final Map<Long, String> falseActions = new HashMap<>();
    private final List<String> examples = new ArrayList<>();

    public GroundTruth(FleetPlan plan, SpamThreshold threshold) {
        this.plan = plan;
        this.threshold = threshold;
        for (int h = 0; h < plan.hosts().size(); h++) {
            for (GuestPlan g : plan.hosts().get(h)) {
                if (g.profile() == GuestProfile.SPAM_BOT) {
                    bots.put(key(h, g.vmid()), BotOutcome.NOT_REACHED);
                }
            }
        }
    }

    /**
     * Takes the desired state the server answered to host {@code host}'s report of {@code cycle}.
     *
     * @param detectionNanos time from the crossing window's end (the report's build) to the reply
     */
    public synchronized void observe(
            int host, long cycle, DesiredState state, long detectionNanos) {
        List<GuestPlan> guests = plan.hosts().get(host);
        java.util.Set<Integer> blocked = new java.util.HashSet<>();
        for (DesiredAction a : state.actions()) {
            int index = a.vmid() - FleetPlan.FIRST_VMID;
            GuestPlan g = index >= 0 && index < guests.size() ? guests.get(index) : null;
            long key = key(host, a.vmid());
            if (a.type() == ActionType.SMTP_BLOCK) {
                blocked.add(a.vmid());
                if (g == null || g.profile() != GuestProfile.SPAM_BOT) {
                    note(
                            falseBlocks,
                            key,
                            "host "
                                    + host
                                    + " vmid "
                                    + a.vmid()
                                    + " ("
                                    + (g == null ? "unknown guest" : g.profile())
                                    + ") blocked at cycle "
                                    + cycle);
                } else if (cycle < g.crossingCycle(threshold)) {
                    if (bots.put(key, BotOutcome.BLOCKED_EARLY) != BotOutcome.BLOCKED_EARLY) {
                        example(
                                "spam bot host "
                                        + host
                                        + " vmid "
                                        + a.vmid()
                                        + " blocked at cycle "
                                        + cycle
                                        + ", before its crossing cycle "
                                        + g.crossingCycle(threshold));
                    }
                }
            } else if (g == null || g.profile() != GuestProfile.MINER) {
                note(
                        falseActions,
                        key,
                        "host "
                                + host
                                + " vmid "
                                + a.vmid()
                                + " ("
                                + (g == null ? "unknown guest" : g.profile())
                                + ") got "
                                + a.type().wire()
                                + " at cycle "
                                + cycle);
            }
        }
        for (GuestPlan g : guests) {
            if (g.profile() == GuestProfile.SPAM_BOT && g.crossingCycle(threshold) == cycle) {
                long key = key(host, g.vmid());
                if (bots.get(key) != BotOutcome.NOT_REACHED) {
                    continue; // blocked early: already a failure
                }
                if (blocked.contains(g.vmid())) {
                    bots.put(key, BotOutcome.BLOCKED_IN_CROSSING_REPLY);
                    this.detectionNanos.put(key, detectionNanos);
                } else {
                    bots.put(key, BotOutcome.MISSED);
                    example(
                            "spam bot host "
                                    + host
                                    + " vmid "
                                    + g.vmid()
                                    + " not blocked in the reply to its crossing report (cycle "
                                    + cycle
                                    + ")");
                }
            }
        }
    }

    private void note(Map<Long, String> into, long key, String what) {
        if (into.putIfAbsent(key, what) == null) {
            example(what);
        }
    }

    private void example(String what) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(what);
        }
    }

    /** How many bots ended in {@code outcome}. */
    public synchronized long bots(BotOutcome outcome) {
        return bots.values().stream().filter(o -> o == outcome).count();
    }

    /** Guests that are not spam bots yet were blocked. */
    public synchronized int falseBlocks() {
        return falseBlocks.size();
    }

    /** Guests that are not miners yet got a resource action. */
    public synchronized int falseActions() {
        return falseActions.size();
    }

    /** Detection latencies of the bots blocked in their crossing reply, nanoseconds. */
    public synchronized long[] detectionNanos() {
        return detectionNanos.values().stream().mapToLong(Long::longValue).toArray();
    }

    /** Up to 20 violations, in words. */
    public synchronized List<String> examples() {
        return List.copyOf(examples);
    }

    /**
     * Whether every bot reached was blocked in its crossing reply and nothing else was acted on.
     */
    public synchronized boolean holds() {
        return bots(BotOutcome.BLOCKED_EARLY) == 0
                && bots(BotOutcome.MISSED) == 0
                && falseBlocks.isEmpty()
                && falseActions.isEmpty();
    }

    private static long key(int host, int vmid) {
        return ((long) host << 32) | vmid;
    }
}
