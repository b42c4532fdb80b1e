package dev.vpsguard.server.ladder;

import dev.vpsguard.server.detect.SpamFinding;
import dev.vpsguard.server.policy.UnblockMode;
import java.time.Instant;
import java.util.Objects;

/**
 * One SMTP block (clause S6) and, once lifted, how it ended.
 *
 * @param strike the block's number on the ladder, 1-based
 * @param startedAt when it started
 * @param minUntil it cannot end before this, except by an admin override
 * @param mode how unblock requests are handled
 * @param clause the clause of the rung
 * @param finding the finding that started it
 * @param findingsDuringBlock spam findings seen while it was active (evidence, no new strike)
 * @param scheduledLiftAt when a granted request lifts it (null if none)
 * @param liftedAt when it ended (null while active)
 * @param liftedBy who ended it (null while active)
 * @param liftReason why it ended (null while active)
 */
public record SmtpBlock(
        int strike,
        Instant startedAt,
        Instant minUntil,
        UnblockMode mode,
        String clause,
        SpamFinding finding,
        int findingsDuringBlock,
        Instant scheduledLiftAt,
        Instant liftedAt,
        Actor liftedBy,
        LiftReason liftReason) {

    /** Why a block ended. */
    public enum LiftReason {
        /** An on-request unblock after the minimum duration, or a scheduled one reaching it. */
        REQUEST_GRANTED,
        /** An operator approved a queued request. */
        OPERATOR_APPROVED,
        /** An admin overrode the rung, with a written reason. */
        ADMIN_OVERRIDE
    }

    public SmtpBlock {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(minUntil, "minUntil");
        Objects.requireNonNull(mode, "mode");
    }

    public boolean active() {
        return liftedAt == null;
    }

    SmtpBlock withFindingDuringBlock() {
        return copy(findingsDuringBlock + 1, scheduledLiftAt, liftedAt, liftedBy, liftReason);
    }

    SmtpBlock scheduled(Instant at) {
        return copy(findingsDuringBlock, at, liftedAt, liftedBy, liftReason);
    }

    SmtpBlock lifted(Instant at, Actor by, LiftReason why) {
        return copy(findingsDuringBlock, scheduledLiftAt, at, by, why);
    }

    /** This block with what changes after it started; what it started with stays. */
    private SmtpBlock copy(
            int findings, Instant scheduledLift, Instant lifted, Actor by, LiftReason why) {
        return new SmtpBlock(
                strike,
                startedAt,
                minUntil,
                mode,
                clause,
                finding,
                findings,
                scheduledLift,
                lifted,
                by,
                why);
    }
}
