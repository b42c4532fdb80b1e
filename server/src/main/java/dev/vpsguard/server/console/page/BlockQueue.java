package dev.vpsguard.server.console.page;

import dev.vpsguard.server.block.BlockRepository;
import dev.vpsguard.server.block.BlockRow;
import dev.vpsguard.server.block.UnblockRequestRepository;
import dev.vpsguard.server.block.UnblockRequestRow;
import dev.vpsguard.server.guest.GuestRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the blocks page shows: every active block and every queued unblock request. */
@Singleton
public class BlockQueue {
    /** The most rows each list shows; the API pages past it. */
    static final int LIMIT = 500;

    /** An active block as the page shows it. */
    public record BlockLine(
            String id,
            String guestId,
            String guest,
            int strike,
            String mode,
            String clause,
            Instant startedAt,
            Instant until,
            String timeLeft,
            boolean liftScheduled) {}

    /** A queued unblock request as the page shows it. */
    public record RequestLine(
            String id,
            String blockId,
            String guestId,
            String guest,
            int strike,
            String channel,
            String actor,
            String reason,
            Instant createdAt) {}

    /** A refused request on a block still active, as the page shows it. */
    public record RefusalLine(
            String id,
            String blockId,
            String guestId,
            String guest,
            int strike,
            String mode,
            String clause,
            String askedBy,
            String channel,
            String decidedBy,
            String why,
            Instant decidedAt) {}

    private final BlockRepository blocks;
    private final UnblockRequestRepository requests;
    private final GuestRepository guests;
    private final Clock clock;

    public BlockQueue(
            BlockRepository blocks,
            UnblockRequestRepository requests,
            GuestRepository guests,
            Clock clock) {
        this.blocks = blocks;
        this.requests = requests;
        this.guests = guests;
        this.clock = clock;
    }

    public List<BlockLine> activeBlocks() {
        Instant now = clock.instant();
        GuestLabels names = new GuestLabels(guests);
        return blocks.pageByState(BlockRow.ACTIVE, LIMIT, 0).stream()
                .map(
                        b -> {
                            Instant until =
                                    b.scheduledLiftAt() != null
                                            ? b.scheduledLiftAt()
                                            : b.minimumUntil();
                            return new BlockLine(
                                    b.id(),
                                    b.guestId(),
                                    names.of(b.guestId()),
                                    b.strike(),
                                    b.unblockMode(),
                                    b.clause(),
                                    b.startedAt(),
                                    until,
                                    timeLeft(Duration.between(now, until)),
                                    b.scheduledLiftAt() != null);
                        })
                .toList();
    }

    public List<RequestLine> queuedRequests() {
        GuestLabels names = new GuestLabels(guests);
        Map<String, Integer> strikes = new HashMap<>();
        return requests.pageByOutcome("queued", LIMIT, 0).stream()
                .map(
                        (UnblockRequestRow r) ->
                                new RequestLine(
                                        r.id(),
                                        r.blockId(),
                                        r.guestId(),
                                        names.of(r.guestId()),
                                        strikes.computeIfAbsent(
                                                r.blockId(),
                                                id ->
                                                        blocks.findById(id)
                                                                .map(BlockRow::strike)
                                                                .orElse(0)),
                                        r.channel(),
                                        r.actor(),
                                        r.reason(),
                                        r.createdAt()))
                .toList();
    }

    /**
     * Refused requests whose block is still active: the refusals an admin may override, with a
     * written reason (S9), newest first.
     */
    public List<RefusalLine> refusals() {
        GuestLabels names = new GuestLabels(guests);
        Map<String, BlockRow> byId = new HashMap<>();
        return requests.refusedOnActiveBlocks(LIMIT).stream()
                .map(
                        r -> {
                            BlockRow b =
                                    byId.computeIfAbsent(
                                            r.blockId(), id -> blocks.findById(id).orElseThrow());
                            return new RefusalLine(
                                    r.id(),
                                    r.blockId(),
                                    r.guestId(),
                                    names.of(r.guestId()),
                                    b.strike(),
                                    b.unblockMode(),
                                    b.clause(),
                                    r.actor(),
                                    r.channel(),
                                    r.decidedBy(),
                                    r.outcomeReason(),
                                    r.decidedAt());
                        })
                .toList();
    }

    /** "2 d 3 h", "3 h 05 min", "4 min", or "0 min" once the minimum is behind it. */
    static String timeLeft(Duration left) {
        if (left.isNegative() || left.isZero()) {
            return "0 min";
        }
        long minutes = (left.toSeconds() + 59) / 60;
        long days = minutes / (24 * 60);
        long hours = (minutes / 60) % 24;
        long mins = minutes % 60;
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + String.format("%02d", mins) + " min";
        }
        return mins + " min";
    }
}
