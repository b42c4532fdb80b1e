package dev.vpsguard.server.backup.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Backups present on storages. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface VolumeRepository extends CrudRepository<BackupRows.Volume, String> {
    @Query("DELETE FROM backup_volumes WHERE host_id = :hostId AND storage = :storage")
    int deleteStorage(String hostId, String storage);

    @Query("SELECT * FROM backup_volumes WHERE host_id = :hostId AND vmid = :vmid")
    List<BackupRows.Volume> ofGuest(String hostId, int vmid);
}
