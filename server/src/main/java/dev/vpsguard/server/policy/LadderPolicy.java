package dev.vpsguard.server.policy;

import java.time.Duration;
import java.util.List;

/**
 * The SMTP strike ladder of one contract (clauses S8, S9).
 *
 * @param rungs rung 1 first; strikes beyond the list use the last rung
 * @param strikeMemory a block counts as a strike for this long after it started
 * @param refusalRung from this strike number on, unblock requests are refused (1-based)
 * @param clause the contract clause the ladder implements
 */
public record LadderPolicy(
        List<Rung> rungs, Duration strikeMemory, int refusalRung, String clause) {
    public LadderPolicy {
        rungs = List.copyOf(rungs);
        if (rungs.isEmpty()) {
            throw new IllegalArgumentException("a ladder needs at least one rung");
        }
    }

    /** The rung that applies to strike {@code strike} (1-based); past the list, the last rung. */
    public Rung rung(int strike) {
        if (strike < 1) {
            throw new IllegalArgumentException("strike numbers start at 1, got " + strike);
        }
        return rungs.get(Math.min(strike, rungs.size()) - 1);
    }

    /** The unblock mode for strike {@code strike}: refused from {@link #refusalRung()} on. */
    public UnblockMode unblockMode(int strike) {
        return strike >= refusalRung ? UnblockMode.REFUSED : rung(strike).unblock();
    }
}
