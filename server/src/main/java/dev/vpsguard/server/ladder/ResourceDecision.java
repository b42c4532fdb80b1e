package dev.vpsguard.server.ladder;

import dev.vpsguard.server.detect.ResourceKind;

/** What the resource ladder asks the rest of the server to do. */
public sealed interface ResourceDecision {
    /**
     * Enforce a step. For THROTTLE, {@code limit} is in the unit of {@code kind}: share of vCPUs
     * (CPU), bytes/s (DISK_BYTES, EGRESS: the guaranteed floor), operations/s, packets/s.
     */
    record Apply(ResourceStep step, ResourceKind kind, double limit, String clause)
            implements ResourceDecision {}

    /** Lift a step that is in force. */
    record Lift(ResourceStep step, ResourceKind kind) implements ResourceDecision {}

    /** A step waits for an operator's approval (alert support). */
    record AwaitApproval(ResourceStep step, ResourceKind kind) implements ResourceDecision {}

    /**
     * A step the policy runs in dry-run mode: what {@link Apply} would have enforced, recorded and
     * told to support, never enforced.
     */
    record DryRun(ResourceStep step, ResourceKind kind, double limit, String clause)
            implements ResourceDecision {}
}
