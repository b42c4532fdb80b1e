package dev.vpsguard.server.block;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One unblock request as stored (clause S7), mirrored from the guest's ladder state.
 *
 * @param id the request's id in the API
 * @param blockId the block it asks to lift
 * @param guestId the guest
 * @param seq its number in the guest's ladder, 1-based
 * @param channel {@code customer}, {@code operator} or {@code api}
 * @param actor who asked
 * @param reason the requester's words
 * @param createdAt when
 * @param outcome queued, scheduled, granted, refused or closed
 * @param outcomeReason why
 * @param decidedBy who decided (vpsguard for automatic outcomes; nullable while queued)
 * @param decidedAt when (nullable while queued)
 */
@Introspected
@MappedEntity("unblock_requests")
public record UnblockRequestRow(
        @Id String id,
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
        @Nullable Instant decidedAt) {}
