package dev.vpsguard.server.backup.store;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** The rows of the backup tables. */
public final class BackupRows {
    private BackupRows() {}

    /** A vzdump job taking one guest. */
    @Introspected
    @MappedEntity("backup_coverage")
    public record Coverage(
            @Id String id,
            String hostId,
            int vmid,
            String jobId,
            boolean enabled,
            @Nullable String storage,
            @Nullable String schedule) {}

    /** One backup attempt. */
    @Introspected
    @MappedEntity("backup_runs")
    public record Run(
            @Id String id,
            String hostId,
            int vmid,
            @Nullable String storage,
            @Nullable Instant startedAt,
            @Nullable Instant endedAt,
            String outcome,
            @Nullable String error) {}

    /** One backup present on a storage. */
    @Introspected
    @MappedEntity("backup_volumes")
    public record Volume(
            @Id String id,
            String hostId,
            String storage,
            String volid,
            int vmid,
            @Nullable Instant createdAt,
            @Nullable Long sizeBytes) {}

    /** A finding in force. */
    @Introspected
    @MappedEntity("backup_findings")
    public record Finding(
            @Id String id, String guestId, String kind, String detail, Instant since) {}
}
