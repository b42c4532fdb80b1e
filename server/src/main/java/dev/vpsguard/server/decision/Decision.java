package dev.vpsguard.server.decision;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something vpsguard decided about a guest, for whoever must be told (the customer's email, the
 * support webhook). Published inside the transaction that persists it.
 *
 * @param kind what, e.g. {@code smtp_block_started}, {@code smtp_block_lifted}, {@code
 *     unblock_answered}, {@code unblock_queued}
 * @param at when (the server's clock)
 * @param guestId the guest
 * @param hostId its host
 * @param vmid its vmid
 * @param tenantId its tenant (null when none is assigned)
 * @param blockId the block concerned (null when none)
 * @param details the numbers and words behind it (strike, minimum, clause, outcome, evidence)
 */
public record Decision(
        String kind,
        Instant at,
        String guestId,
        String hostId,
        int vmid,
        String tenantId,
        String blockId,
        Map<String, Object> details) {
    public Decision {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(guestId, "guestId");
        details = Map.copyOf(details);
    }
}
