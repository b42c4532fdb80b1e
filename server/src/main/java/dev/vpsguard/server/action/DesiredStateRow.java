package dev.vpsguard.server.action;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A host's desired-state version.
 *
 * @param hostId the host
 * @param version rises whenever the host's set of actions changes
 * @param changedAt when it last rose
 */
@MappedEntity("desired_states")
public record DesiredStateRow(@Id String hostId, long version, Instant changedAt) {}
