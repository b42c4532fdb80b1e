package dev.vpsguard.agent.reach;

import dev.vpsguard.protocol.GuestReach;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns each VM's probe answers into the state a report carries. Pure (times are given).
 *
 * <ul>
 *   <li>A VM is judged only once its guest agent has answered since the agent started watching it
 *       running: a VM whose guest agent is enabled in Proxmox but not installed inside never
 *       answers, and its silence proves nothing.
 *   <li>It becomes unanswered after {@code confirm} missed probes in a row, dated from the first
 *       miss: one slow answer (a guest under load, qemu-ga restarting during an upgrade) is not an
 *       outage.
 *   <li>An answer ends an unanswered run at once. A VM not probed in a round (stopped, agent
 *       disabled, gone) is forgotten, so a restarted VM is judged afresh.
 *   <li>A state older than {@code staleAfter} is not reported: the probe thread may be stuck.
 * </ul>
 */
public final class ReachTracker {
    private record State(
            boolean answered, Instant since, int misses, Instant firstMiss, Instant probedAt) {}

    private final int confirm;
    private final Duration staleAfter;
    private final Map<Integer, State> states = new HashMap<>();

    public ReachTracker(int confirm, Duration staleAfter) {
        if (confirm < 1) {
            throw new IllegalArgumentException("confirm must be at least 1");
        }
        this.confirm = confirm;
        this.staleAfter = staleAfter;
    }

    /** One probe of VM {@code vmid} made at {@code at}. */
    public synchronized void probed(int vmid, boolean answered, Instant at) {
        State s = states.get(vmid);
        if (answered) {
            boolean keep = s != null && s.answered();
            states.put(vmid, new State(true, keep ? s.since() : at, 0, null, at));
        } else if (s != null) {
            if (!s.answered()) {
                states.put(vmid, new State(false, s.since(), s.misses() + 1, s.firstMiss(), at));
                return;
            }
            int misses = s.misses() + 1;
            Instant first = s.firstMiss() == null ? at : s.firstMiss();
            states.put(
                    vmid,
                    misses >= confirm
                            ? new State(false, first, misses, first, at)
                            : new State(true, s.since(), misses, first, at));
        }
        // A miss before any answer: not judged (see the class comment).
    }

    /** Forgets every VM not in {@code probed}. */
    public synchronized void retainOnly(Set<Integer> probed) {
        states.keySet().retainAll(probed);
    }

    /** What a report made at {@code now} says of VM {@code vmid}, if anything. */
    public synchronized Optional<GuestReach> reach(int vmid, Instant now) {
        State s = states.get(vmid);
        if (s == null || Duration.between(s.probedAt(), now).compareTo(staleAfter) > 0) {
            return Optional.empty();
        }
        return Optional.of(new GuestReach(GuestReach.GUEST_AGENT, s.answered(), s.since()));
    }
}
