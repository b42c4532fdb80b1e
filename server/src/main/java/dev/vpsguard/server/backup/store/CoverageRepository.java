package dev.vpsguard.server.backup.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Which job takes which guest. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface CoverageRepository extends CrudRepository<BackupRows.Coverage, String> {
    @Query("DELETE FROM backup_coverage WHERE host_id = :hostId")
    int deleteHost(String hostId);

    @Query("SELECT * FROM backup_coverage WHERE host_id = :hostId AND vmid = :vmid")
    List<BackupRows.Coverage> ofGuest(String hostId, int vmid);
}
