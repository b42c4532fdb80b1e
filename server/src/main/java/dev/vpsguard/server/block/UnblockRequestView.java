package dev.vpsguard.server.block;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/** An unblock request as the API shows it: the fields of {@link UnblockRequestRow}. */
@Introspected
public record UnblockRequestView(
        String id,
        String blockId,
        String guestId,
        int seq,
        String channel,
        String actor,
        @Nullable String reason,
        Instant createdAt,
        String outcome,
        @Nullable String outcomeReason,
        @Nullable String decidedBy,
        @Nullable Instant decidedAt) {
    public static UnblockRequestView of(UnblockRequestRow r) {
        return new UnblockRequestView(
                r.id(),
                r.blockId(),
                r.guestId(),
                r.seq(),
                r.channel(),
                r.actor(),
                r.reason(),
                r.createdAt(),
                r.outcome(),
                r.outcomeReason(),
                r.decidedBy(),
                r.decidedAt());
    }
}
