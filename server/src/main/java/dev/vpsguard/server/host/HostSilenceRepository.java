package dev.vpsguard.server.host;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** Hosts currently silent. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface HostSilenceRepository extends CrudRepository<HostSilenceRow, String> {
    /** Hosts that reported once, not since {@code cutoff}, and are not marked silent yet. */
    @Query(
            "SELECT h.id FROM hosts h WHERE h.last_report_at < :cutoff AND NOT EXISTS"
                    + " (SELECT 1 FROM host_silences s WHERE s.host_id = h.id) ORDER BY h.id")
    List<String> newlySilent(Instant cutoff);

    /**
     * @return rows deleted: 1 if the host was marked silent
     */
    @Query("DELETE FROM host_silences WHERE host_id = :hostId")
    long clear(String hostId);
}
