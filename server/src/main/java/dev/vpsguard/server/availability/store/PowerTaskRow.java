package dev.vpsguard.server.availability.store;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** One guest power task from a host's Proxmox task log. */
@Introspected
@MappedEntity("guest_power_tasks")
public record PowerTaskRow(
        @Id String upid,
        String hostId,
        int vmid,
        String taskType,
        String userId,
        Instant startedAt,
        @Nullable Instant endedAt,
        @Nullable String status) {}
