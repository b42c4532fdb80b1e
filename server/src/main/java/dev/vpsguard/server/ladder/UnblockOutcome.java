package dev.vpsguard.server.ladder;

import java.time.Instant;

/**
 * The answer to an unblock request, an operator decision or an override, for the customer's email
 * and the API response.
 *
 * @param kind what happened
 * @param reason why, in words
 * @param effectiveAt when the block lifts (GRANTED: now; SCHEDULED: the minimum's end); else null
 * @param clause the contract clause behind the answer
 * @param requestId the request concerned (0 when none was recorded)
 */
public record UnblockOutcome(
        Kind kind, String reason, Instant effectiveAt, String clause, int requestId) {

    /** What happened to the request or command. */
    public enum Kind {
        /** The block is lifted now. */
        GRANTED,
        /** The block will lift when its minimum duration ends. */
        SCHEDULED,
        /** An operator must decide. */
        QUEUED,
        /** Refused by the rung (S9) or by an operator. */
        REFUSED,
        /** The command was not allowed (wrong role, blank reason, unknown request). */
        REJECTED,
        /** There is no active block to lift. */
        NO_ACTIVE_BLOCK
    }
}
