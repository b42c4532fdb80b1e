package dev.vpsguard.server.audit;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** The audit log. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface AuditRepository extends CrudRepository<AuditRecord, String> {
    List<AuditRecord> findByTargetOrderByAt(String target);

    /** The newest {@code limit} entries, newest first. */
    @Query("SELECT * FROM audit ORDER BY at DESC, id LIMIT :limit")
    List<AuditRecord> newest(int limit);

    /** One page of the entries about {@code target}, oldest first. */
    @Query(
            "SELECT * FROM audit WHERE target = :target ORDER BY at, id"
                    + " LIMIT :limit OFFSET :offset")
    List<AuditRecord> pageByTarget(String target, int limit, long offset);

    /** One page of the log, newest first. */
    @Query("SELECT * FROM audit ORDER BY at DESC, id LIMIT :limit OFFSET :offset")
    List<AuditRecord> page(int limit, long offset);
}
