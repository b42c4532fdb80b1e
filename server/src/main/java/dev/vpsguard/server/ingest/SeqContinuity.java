package dev.vpsguard.server.ingest;

import dev.vpsguard.server.api.ApiException;
import java.time.Duration;
import java.time.Instant;

/**
 * How a report's seq follows the last report stored from the same agent instance, and which jumps
 * are absurd. Pure: the last report's figures and the server's time in, a verdict or a refusal out.
 *
 * <p>A backlog is not a jump: the agent numbers every report it builds, sent or not (its spool
 * drops the oldest when full), so after an outage of any length the next seq is at most the number
 * of reports it could build meanwhile ahead. It builds at most {@link #MAX_REPORTS_PER_SECOND}: one
 * per interval (at least 1 s) plus at most one urgent SMTP report a second. So a seq more than
 * {@code SLACK + 2 × (seconds since the last report's sentAt + the allowed clock skew)} ahead was
 * not built by a working agent of this instance.
 */
public final class SeqContinuity {
    /** The most reports one agent instance builds a second. */
    static final long MAX_REPORTS_PER_SECOND = 2;

    /** Allowed on top of the rate: reports built around a clock step, numbers lost in crashes. */
    static final long SLACK = 1000;

    /** How the report's seq relates to the instance's last stored one. */
    public enum Kind {
        /** The first report stored from this instance. */
        FIRST,
        /** The next seq. */
        NEXT,
        /** Ahead by more than one: the agent's spool dropped the reports between. */
        GAP,
        /**
         * At or below the last stored seq, yet not a report the server has: the numbering restarted
         * (state restored from a backup, or an agent without instance id that lost it).
         */
        RESTARTED
    }

    /**
     * @param kind how the seq follows
     * @param previousSeq the instance's last stored seq, 0 for {@link Kind#FIRST}
     */
    record Verdict(Kind kind, long previousSeq) {}

    private SeqContinuity() {}

    /**
     * @param last the instance's last stored report, or null if none
     * @throws ApiException 400 naming {@code seq} for an absurd jump
     */
    static Verdict judge(AgentInstanceRow last, long seq, Instant now, Duration maxSkew) {
        if (last == null) {
            return new Verdict(Kind.FIRST, 0);
        }
        long previous = last.lastSeq();
        if (seq <= previous) {
            return new Verdict(Kind.RESTARTED, previous);
        }
        long allowed = maxAhead(last.lastSentAt(), now, maxSkew);
        if (seq - previous > allowed) {
            throw ApiException.invalidField(
                    "seq",
                    "is "
                            + seq
                            + ", more than "
                            + allowed
                            + " ahead of "
                            + previous
                            + ", the last seq stored from this agent instance: an agent builds"
                            + " at most "
                            + MAX_REPORTS_PER_SECOND
                            + " reports a second. Refused; nothing was stored");
        }
        return new Verdict(seq == previous + 1 ? Kind.NEXT : Kind.GAP, previous);
    }

    /** How far ahead of the last seq a report may be, {@code lastSentAt} being the last's. */
    static long maxAhead(Instant lastSentAt, Instant now, Duration maxSkew) {
        long seconds = Math.max(0, Duration.between(lastSentAt, now.plus(maxSkew)).toSeconds());
        // No overflow: Instant spans at most ~3.2e16 s.
        return SLACK + MAX_REPORTS_PER_SECOND * seconds;
    }
}
