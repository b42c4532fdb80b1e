package dev.vpsguard.server.console.page;

import dev.vpsguard.server.guest.Guest;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;

/**
 * The fleet page's counts per host, each in one grouped query: reading every guest row (20,000 on a
 * large fleet, each with its NICs parsed) for three numbers per host cost most of the page's time
 * (BENCHMARKS.md, "Console").
 */
@JdbcRepository(dialect = Dialect.ANSI)
public interface FleetCounts extends GenericRepository<Guest, String> {
    /** Per host: guests in all, and running. */
    @Query(
            "SELECT host_id, COUNT(*) AS total,"
                    + " SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) AS running"
                    + " FROM guests GROUP BY host_id")
    List<HostCount> guests();

    /** Per host: blocks in {@code state}. */
    @Query(
            "SELECT g.host_id AS host_id, COUNT(*) AS total, 0 AS running FROM blocks b"
                    + " JOIN guests g ON g.id = b.guest_id WHERE b.state = :state"
                    + " GROUP BY g.host_id")
    List<HostCount> blocks(String state);

    /** Per host: unblock requests in {@code outcome}. */
    @Query(
            "SELECT g.host_id AS host_id, COUNT(*) AS total, 0 AS running FROM unblock_requests r"
                    + " JOIN guests g ON g.id = r.guest_id WHERE r.outcome = :outcome"
                    + " GROUP BY g.host_id")
    List<HostCount> requests(String outcome);

    /** A count of one host ({@code running}: only for guests). */
    @Introspected
    record HostCount(String hostId, long total, long running) {}
}
