package dev.vpsguard.server.console.page;

import dev.vpsguard.server.block.BlockRepository;
import dev.vpsguard.server.block.BlockRow;
import dev.vpsguard.server.block.UnblockRequestRepository;
import dev.vpsguard.server.block.UnblockRequestRow;
import dev.vpsguard.server.guest.Guest;
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
        Map<String, String> names = new HashMap<>();
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
                                    name(names, b.guestId()),
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
        Map<String, String> names = new HashMap<>();
        Map<String, Integer> strikes = new HashMap<>();
        return requests.pageByOutcome("queued", LIMIT, 0).stream()
                .map(
                        (UnblockRequestRow r) ->
                                new RequestLine(
                                        r.id(),
                                        r.blockId(),
                                        r.guestId(),
                                        name(names, r.guestId()),
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

    private String name(Map<String, String> cache, String guestId) {
        return cache.computeIfAbsent(
                guestId, id -> guests.findById(id).map(BlockQueue::label).orElse(id));
    }

    private static String label(Guest g) {
        return g.name() == null || g.name().isBlank()
                ? String.valueOf(g.vmid())
                : g.vmid() + " " + g.name();
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
