package dev.vpsguard.server.decision.resource;

import dev.vpsguard.server.action.ActionDetail;
import dev.vpsguard.server.ladder.ResourceLadderState;
import dev.vpsguard.server.ladder.ResourceStep;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /guests/{id}/resources}: where each resource quota of a guest stands.
 *
 * @param guestId the guest
 * @param tenantId its tenant (null when none)
 * @param contract the contract policy that applies
 * @param quotas by quota ({@code cpu}, {@code disk_bytes}, {@code disk_iops}, {@code egress},
 *     {@code packets})
 * @param actions the guest's actions not lifted, SMTP blocks included, parameters as JSON
 */
@Introspected
public record ResourceView(
        String guestId,
        @Nullable String tenantId,
        String contract,
        Map<String, Quota> quotas,
        List<ActionDetail> actions) {

    /**
     * One quota.
     *
     * @param overSince since when the guest has been over it without a break (null when under)
     * @param level the ladder's last step (null before any)
     * @param lastStepAt when that step was reached
     * @param lastOverAt when the guest was last seen over it in the open episode
     * @param pending a step waiting for approval
     * @param enforced steps in force on the host
     */
    @Introspected
    public record Quota(
            @Nullable Instant overSince,
            @Nullable String level,
            @Nullable Instant lastStepAt,
            @Nullable Instant lastOverAt,
            @Nullable String pending,
            List<String> enforced) {
        static Quota of(ResourceLadderState s, Instant overSince) {
            return new Quota(
                    overSince,
                    name(s.level()),
                    s.lastStepAt(),
                    s.lastFindingAt(),
                    name(s.pending()),
                    s.enforced().stream().sorted().map(Quota::name).toList());
        }

        private static String name(ResourceStep step) {
            return step == null ? null : step.name().toLowerCase(Locale.ROOT);
        }
    }
}
