package dev.vpsguard.server.ladder;

import dev.vpsguard.server.ladder.LadderDecision.AnswerUnblock;
import dev.vpsguard.server.policy.LadderPolicy;
import java.time.Instant;
import java.util.List;

/**
 * The SMTP strike ladder (clauses S6–S9) as a pure state machine: state and event in, new state,
 * decisions and audit entries out. No IO and no clock: every event carries its time, and events
 * must come in time order.
 *
 * <ul>
 *   <li>A spam finding on a guest without an active block starts block N, N = 1 + the blocks
 *       started within the strike memory. Its rung gives the minimum duration and unblock mode.
 *   <li>A finding during an active block adds no strike and extends nothing; it is counted as
 *       evidence on the block (audited once per block, to keep the log readable).
 *   <li>Unblock request: refused rung → REFUSED (S9); operator rung → QUEUED; on request → GRANTED
 *       after the minimum, else SCHEDULED for the minimum's end.
 *   <li>Only an admin lifts a block early or on a refused rung, and only with a written reason.
 *   <li>Before every event, scheduled lifts that are due happen, so a late tick changes nothing.
 * </ul>
 */
public final class StrikeLadder {
    private StrikeLadder() {}

    /**
     * Applies one event.
     *
     * @throws IllegalArgumentException if the event is earlier than the last one applied
     */
    public static LadderStep apply(SmtpLadderState state, LadderEvent event, LadderPolicy policy) {
        Instant at = event.at();
        if (state.lastEventAt() != null && at.isBefore(state.lastEventAt())) {
            throw new IllegalArgumentException(
                    "event at " + at + " is before the last event at " + state.lastEventAt());
        }
        if (event instanceof LadderEvent.Tick && !liftDue(state, at)) {
            // the common case, once per guest and report: nothing changes but the time
            return new LadderStep(
                    new SmtpLadderState(state.guest(), state.blocks(), state.requests(), at),
                    List.of(),
                    List.of(),
                    null);
        }
        LadderRun run = new LadderRun(state, at);
        run.liftIfDue();
        UnblockOutcome outcome = null;
        if (event instanceof LadderEvent.SpamDetected e) {
            run.finding(e.finding(), policy);
        } else if (event instanceof LadderEvent.UnblockRequested e) {
            outcome = run.request(e);
        } else if (event instanceof LadderEvent.OperatorDecided e) {
            outcome = run.decide(e);
        } else if (event instanceof LadderEvent.AdminOverride e) {
            outcome = run.override(e);
        }
        if (outcome != null) {
            run.decisions.add(new AnswerUnblock(outcome));
        }
        return new LadderStep(run.state(), run.decisions, run.audit, outcome);
    }

    private static boolean liftDue(SmtpLadderState state, Instant at) {
        return state.activeBlock()
                .map(b -> b.scheduledLiftAt() != null && !at.isBefore(b.scheduledLiftAt()))
                .orElse(false);
    }
}
