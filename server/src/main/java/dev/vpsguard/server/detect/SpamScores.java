package dev.vpsguard.server.detect;

import dev.vpsguard.server.policy.SpamPolicy;

/**
 * Each rule's score for one evaluation of {@link SpamDetector}: observed over threshold, a rule
 * firing above 1 (0 when the rule is not evaluated). Pure.
 */
final class SpamScores {
    private static final SpamRule[] RULES = SpamRule.values();

    /** Bits ({@code 1 << ordinal}) of the rules that block. */
    static final int BLOCKING = mask(true);

    private SpamScores() {}

    /**
     * @param baseline the guest's baseline per minute, NaN during the cold start
     * @param m 1, or the declared-sender multiplier (volume and spread thresholds only)
     */
    static double[] of(
            double perMinute,
            double dest,
            double prefixes,
            double conns,
            double failureRatio,
            double baseline,
            SpamPolicy policy,
            double m) {
        double[] scores = new double[RULES.length];
        scores[SpamRule.BURST.ordinal()] =
                perMinute / (policy.burst().newConnectionsPerMinute() * m);
        scores[SpamRule.CEILING.ordinal()] =
                perMinute / (policy.ceiling().newConnectionsPerMinute() * m);
        // Fan-out with every attempt answered is what bulk mail looks like too: only a spread
        // into servers that refuse or do not answer is a bot's.
        if (failureRatio >= policy.fanOut().minFailureRatio()) {
            scores[SpamRule.FAN_OUT_DESTINATIONS.ordinal()] =
                    dest / (policy.fanOut().distinctDestinations() * m);
            scores[SpamRule.FAN_OUT_PREFIXES.ordinal()] =
                    prefixes / (policy.fanOut().distinctPrefixes() * m);
        }
        // A ratio needs a meaningful number of attempts, the same for a declared sender: bounces
        // are answered sessions, so bulk mail does not move it.
        if (conns >= policy.failureRatio().minConnections()) {
            scores[SpamRule.FAILURE_RATIO.ordinal()] =
                    failureRatio / policy.failureRatio().maxRatio();
        }
        if (!Double.isNaN(baseline) && perMinute > policy.anomaly().floorPerMinute() * m) {
            scores[SpamRule.ANOMALY.ordinal()] =
                    Math.min(
                            1e6,
                            perMinute / (Math.max(1e-9, baseline) * policy.anomaly().multiple()));
        }
        return scores;
    }

    /** The bits of the rules whose score is above 1. */
    static int fired(double[] scores) {
        int fired = 0;
        for (SpamRule r : RULES) {
            if (scores[r.ordinal()] > 1) {
                fired |= bit(r);
            }
        }
        return fired;
    }

    /** The rule with the highest score among {@code among} (bits); the first on a tie. */
    static SpamRule strongest(double[] scores, int among) {
        SpamRule best = null;
        for (SpamRule r : RULES) {
            if ((among & bit(r)) != 0
                    && (best == null || scores[r.ordinal()] > scores[best.ordinal()])) {
                best = r;
            }
        }
        return best;
    }

    static String clauseOf(SpamRule r, SpamPolicy p) {
        return switch (r) {
            case BURST -> p.burst().clause();
            case CEILING -> p.ceiling().clause();
            case FAN_OUT_DESTINATIONS, FAN_OUT_PREFIXES -> p.fanOut().clause();
            case FAILURE_RATIO -> p.failureRatio().clause();
            case ANOMALY -> p.anomaly().clause();
        };
    }

    static int bit(SpamRule r) {
        return 1 << r.ordinal();
    }

    private static int mask(boolean blocks) {
        int mask = 0;
        for (SpamRule r : RULES) {
            if (r.blocks() == blocks) {
                mask |= bit(r);
            }
        }
        return mask;
    }
}
