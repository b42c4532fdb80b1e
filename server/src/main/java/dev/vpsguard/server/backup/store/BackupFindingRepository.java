package dev.vpsguard.server.backup.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Backup findings in force. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface BackupFindingRepository extends CrudRepository<BackupRows.Finding, String> {
    @Query("SELECT * FROM backup_findings WHERE guest_id = :guestId")
    List<BackupRows.Finding> ofGuest(String guestId);
}
