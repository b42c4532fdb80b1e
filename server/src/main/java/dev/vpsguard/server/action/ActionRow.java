package dev.vpsguard.server.action;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One thing the server wants enforced on one guest.
 *
 * @param id the action's id, also the protocol's {@code DesiredAction.id} that acks refer to
 * @param hostId the host
 * @param guestId the guest
 * @param vmid the guest's vmid
 * @param type the protocol's action type, e.g. {@code smtp_block}
 * @param params type-specific parameters, JSON (nullable)
 * @param notice for SMTP blocks, the text after {@code 554 5.7.1 } (nullable)
 * @param state pending, applied, degraded, failed or awaiting_approval
 * @param detail the agent's words about the state (nullable)
 * @param since when it entered its state
 * @param decisionRef what decided it, e.g. {@code block:<id>}
 * @param createdAt when it was decided
 * @param liftedAt when it left the desired state (null while in force)
 */
@Introspected
@MappedEntity("actions")
public record ActionRow(
        @Id String id,
        String hostId,
        String guestId,
        int vmid,
        String type,
        @Nullable String params,
        @Nullable String notice,
        String state,
        @Nullable String detail,
        Instant since,
        @Nullable String decisionRef,
        Instant createdAt,
        @Nullable Instant liftedAt) {
    public static final String PENDING = "pending";
    public static final String AWAITING_APPROVAL = "awaiting_approval";

    ActionRow withState(String newState, @Nullable String newDetail, Instant at) {
        return copy(newState, newDetail, at, liftedAt);
    }

    ActionRow lifted(Instant at) {
        return copy(state, detail, since, at);
    }

    /** This action with its state changed; what it is and whom it is for stay. */
    private ActionRow copy(
            String newState,
            @Nullable String newDetail,
            Instant newSince,
            @Nullable Instant newLiftedAt) {
        return new ActionRow(
                id,
                hostId,
                guestId,
                vmid,
                type,
                params,
                notice,
                newState,
                newDetail,
                newSince,
                decisionRef,
                createdAt,
                newLiftedAt);
    }
}
