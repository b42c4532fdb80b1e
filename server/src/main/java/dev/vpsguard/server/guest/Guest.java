package dev.vpsguard.server.guest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A guest (VM or container) on a host, as stored; upserted from every report.
 *
 * @param id the server's id for the guest
 * @param hostId the host it runs on
 * @param vmid Proxmox guest id, unique per host
 * @param kind {@code qemu} or {@code lxc}
 * @param name its name (nullable)
 * @param status {@code running}, {@code stopped} or {@code unknown}
 * @param cores vCPUs allocated (nullable)
 * @param memoryBytes memory allocated, bytes (nullable)
 * @param nics its network interfaces, a JSON array of protocol {@code GuestNic} (nullable)
 * @param lastSample the last protocol {@code GuestSample}, JSON (nullable)
 * @param lastSeenAt {@code sentAt} of the last report that listed it
 * @param lastSampleAt {@code sentAt} of the report whose sample {@code lastSample} is (nullable:
 *     stored before it was kept); a minute old at most while the guest reports
 */
@MappedEntity("guests")
public record Guest(
        @Id String id,
        String hostId,
        int vmid,
        String kind,
        @Nullable String name,
        String status,
        @Nullable Integer cores,
        @Nullable Long memoryBytes,
        @Nullable String nics,
        @Nullable String lastSample,
        Instant lastSeenAt,
        @Nullable Instant lastSampleAt) {}
