package dev.vpsguard.server.availability.store;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A declared maintenance window; {@code hostId} null for every host. */
@Introspected
@MappedEntity("maintenance_windows")
public record MaintenanceRow(
        @Id String id,
        @Nullable String hostId,
        Instant startsAt,
        Instant endsAt,
        String reason,
        String createdBy,
        Instant createdAt) {}
