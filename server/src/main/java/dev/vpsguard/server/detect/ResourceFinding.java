package dev.vpsguard.server.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * Evidence that a guest has been over one quota for the policy's duration.
 *
 * @param kind which quota
 * @param observed the latest measured value (unit of {@link ResourceKind})
 * @param limit the quota in the same unit
 * @param since when the guest first went over in this episode
 * @param at the sample that raised the finding
 * @param hostCpuPercent the host's CPU use at that sample, 0–100 (NaN when not measured)
 * @param clause the contract clause of the quota
 * @param extra further figures of the evidence, by key (a scan's failure ratio, its port)
 */
public record ResourceFinding(
        ResourceKind kind,
        double observed,
        double limit,
        Instant since,
        Instant at,
        double hostCpuPercent,
        String clause,
        java.util.Map<String, Number> extra) {
    public ResourceFinding {
        extra = extra == null ? java.util.Map.of() : java.util.Map.copyOf(extra);
    }

    /** A finding with no figures beyond observed and limit. */
    public ResourceFinding(
            ResourceKind kind,
            double observed,
            double limit,
            Instant since,
            Instant at,
            double hostCpuPercent,
            String clause) {
        this(kind, observed, limit, since, at, hostCpuPercent, clause, null);
    }

    /** How long the guest has been over. */
    public Duration sustainedFor() {
        return Duration.between(since, at);
    }

    /** observed / limit. */
    public double score() {
        return observed / limit;
    }
}
