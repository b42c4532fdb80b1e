package dev.vpsguard.server.decision.scan;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One guest's fan-out baseline, persisted.
 *
 * @param guestId the guest
 * @param state a {@link dev.vpsguard.server.detect.FlowBaseline.Snapshot} as JSON
 * @param updatedAt when it was last written (server clock)
 */
@MappedEntity("flow_baselines")
public record FlowBaselineRow(@Id String guestId, String state, Instant updatedAt) {}
