package dev.vpsguard.server.backup.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Backup attempts. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface RunRepository extends CrudRepository<BackupRows.Run, String> {
    @Query("SELECT * FROM backup_runs WHERE host_id = :hostId AND vmid = :vmid")
    List<BackupRows.Run> ofGuest(String hostId, int vmid);
}
