package dev.vpsguard.server.ladder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One guest's SMTP ladder: its blocks (the last may be active) and its unblock requests. Immutable;
 * {@link StrikeLadder} returns a new state for every event.
 *
 * @param guest the guest's key (e.g. {@code hostId/vmid}), copied into audit entries
 * @param blocks every block, oldest first
 * @param requests every unblock request, oldest first
 * @param lastEventAt the time of the last event applied (null before any)
 */
public record SmtpLadderState(
        String guest, List<SmtpBlock> blocks, List<UnblockRequest> requests, Instant lastEventAt) {
    public SmtpLadderState {
        Objects.requireNonNull(guest, "guest");
        blocks = List.copyOf(blocks);
        requests = List.copyOf(requests);
    }

    /** A guest that was never blocked. */
    public static SmtpLadderState empty(String guest) {
        return new SmtpLadderState(guest, List.of(), List.of(), null);
    }

    /** The active block, if any. */
    public Optional<SmtpBlock> activeBlock() {
        if (blocks.isEmpty()) {
            return Optional.empty();
        }
        SmtpBlock last = blocks.get(blocks.size() - 1);
        return last.active() ? Optional.of(last) : Optional.empty();
    }

    /** Blocks started within {@code memory} before {@code now}: the strikes that still count. */
    public int strikesCounting(Instant now, Duration memory) {
        Instant horizon = now.minus(memory);
        int n = 0;
        for (SmtpBlock b : blocks) {
            if (b.startedAt().isAfter(horizon)) {
                n++;
            }
        }
        return n;
    }
}
