package dev.vpsguard.server.block;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One SMTP block as stored: a queryable mirror of a block in the guest's ladder state.
 *
 * @param id short random id; the notice's ticket is {@code B-<id>}
 * @param guestId the guest
 * @param seq the block's position in the guest's ladder, 1-based
 * @param strike its number on the ladder
 * @param startedAt when it started
 * @param minimumUntil it cannot end before this, except by an admin override
 * @param unblockMode {@code on_request}, {@code operator} or {@code refused}
 * @param clause the clause of the rung
 * @param state {@code active} or {@code lifted}
 * @param scheduledLiftAt when a granted request lifts it (nullable)
 * @param liftedAt when it ended (nullable)
 * @param liftedBy who ended it (nullable)
 * @param liftReason why: request_granted, operator_approved, admin_override (nullable)
 * @param findingsDuring spam findings seen while it was active
 * @param evidence the finding that started it, JSON (numbers only, S4)
 */
@Introspected
@MappedEntity("blocks")
public record BlockRow(
        @Id String id,
        String guestId,
        int seq,
        int strike,
        Instant startedAt,
        Instant minimumUntil,
        String unblockMode,
        @Nullable String clause,
        String state,
        @Nullable Instant scheduledLiftAt,
        @Nullable Instant liftedAt,
        @Nullable String liftedBy,
        @Nullable String liftReason,
        int findingsDuring,
        @Nullable String evidence) {
    public static final String ACTIVE = "active";
    public static final String LIFTED = "lifted";
}
