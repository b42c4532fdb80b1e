package dev.vpsguard.server.ladder;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable line of the audit log: who did what to which guest, when, why, on what evidence.
 *
 * @param guest the guest key the ladder state belongs to
 * @param at when
 * @param actor who
 * @param action what, e.g. {@code smtp_block_started}, {@code unblock_refused}
 * @param reason why, in words (never null, may be empty)
 * @param evidence numbers and identifiers that back the action; values are String, Number or
 *     Boolean
 */
public record AuditEntry(
        String guest,
        Instant at,
        Actor actor,
        String action,
        String reason,
        Map<String, Object> evidence) {
    public AuditEntry {
        Objects.requireNonNull(guest, "guest");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        reason = reason == null ? "" : reason;
        evidence = Map.copyOf(evidence);
    }
}
