package dev.vpsguard.server.detect;

import dev.vpsguard.server.policy.SpamPolicy;

/** Variations of a spam policy for tests. */
final class SpamPolicies {
    private SpamPolicies() {}

    /** {@code p} with fan-out counted from this failure ratio on. */
    static SpamPolicy fanOutFailureFloor(SpamPolicy p, double floor) {
        SpamPolicy.FanOut f = p.fanOut();
        return new SpamPolicy(
                p.burst(),
                new SpamPolicy.FanOut(
                        f.distinctDestinations(), f.distinctPrefixes(), floor, f.clause()),
                p.failureRatio(),
                p.anomaly(),
                p.ceiling(),
                p.minNewConnections(),
                p.consecutiveWindows(),
                p.volumeNoticeEvery(),
                p.clause());
    }
}
