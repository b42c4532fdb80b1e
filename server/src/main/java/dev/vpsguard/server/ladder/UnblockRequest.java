package dev.vpsguard.server.ladder;

import java.time.Instant;

/**
 * One unblock request (clause S7) and its decision.
 *
 * @param id the request's number for this guest, from 1
 * @param strike the block it asks to lift
 * @param at when it was made
 * @param requester who made it
 * @param channel how it arrived
 * @param reason the requester's words
 * @param status where it stands
 * @param decidedAt when it was decided (null while queued)
 * @param decidedBy who decided it (the system for automatic outcomes)
 * @param decisionReason why
 */
public record UnblockRequest(
        int id,
        int strike,
        Instant at,
        Actor requester,
        Channel channel,
        String reason,
        Status status,
        Instant decidedAt,
        Actor decidedBy,
        String decisionReason) {

    /** Where a request stands. */
    public enum Status {
        /** Waiting for an operator. */
        QUEUED,
        /** Granted, the block lifts when its minimum duration ends. */
        SCHEDULED,
        /** Granted, the block was lifted. */
        GRANTED,
        /** Refused. */
        REFUSED,
        /** The block ended otherwise while the request waited. */
        CLOSED
    }

    UnblockRequest decided(Status s, Instant when, Actor by, String why) {
        return new UnblockRequest(id, strike, at, requester, channel, reason, s, when, by, why);
    }
}
