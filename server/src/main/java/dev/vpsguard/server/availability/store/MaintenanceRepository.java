package dev.vpsguard.server.availability.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** Declared maintenance windows. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface MaintenanceRepository extends CrudRepository<MaintenanceRow, String> {
    /** Windows for {@code hostId} or every host that overlap {@code [from, to)}. */
    @Query(
            "SELECT * FROM maintenance_windows WHERE (host_id IS NULL OR host_id = :hostId)"
                    + " AND starts_at < :to AND ends_at > :from ORDER BY starts_at")
    List<MaintenanceRow> overlapping(String hostId, Instant from, Instant to);

    @Query("SELECT * FROM maintenance_windows ORDER BY starts_at, id LIMIT :limit OFFSET :offset")
    List<MaintenanceRow> page(int limit, long offset);
}
