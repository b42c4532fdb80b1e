package dev.vpsguard.server.ladder;

import dev.vpsguard.server.detect.SpamFinding;
import dev.vpsguard.server.policy.UnblockMode;
import java.time.Instant;

/** What the ladder asks the rest of the server to do: enforce, lift, tell, queue. */
public sealed interface LadderDecision {
    /**
     * Block the guest's outbound port 25 and email the customer the evidence, the strike number and
     * how to ask for an unblock (S6).
     */
    record StartSmtpBlock(
            int strike, Instant minUntil, UnblockMode mode, String clause, SpamFinding finding)
            implements LadderDecision {}

    /** Lift the guest's SMTP block and tell the customer. */
    record LiftSmtpBlock(int strike, SmtpBlock.LiftReason reason) implements LadderDecision {}

    /** Answer an unblock request (email to the customer, API response). */
    record AnswerUnblock(UnblockOutcome outcome) implements LadderDecision {}

    /** Put a request in the operators' queue (and alert support, N2). */
    record AwaitOperator(int requestId, int strike) implements LadderDecision {}
}
