package dev.vpsguard.server.decision.resource;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One guest's resource detector state, persisted.
 *
 * @param guestId the guest
 * @param state a {@link dev.vpsguard.server.detect.ResourceGuestState.Snapshot} as JSON
 * @param updatedAt when it was last written (server clock)
 */
@MappedEntity("resource_detectors")
public record ResourceDetectorRow(@Id String guestId, String state, Instant updatedAt) {}
