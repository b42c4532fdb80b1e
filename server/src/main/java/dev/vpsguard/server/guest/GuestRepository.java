package dev.vpsguard.server.guest;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Guests. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface GuestRepository extends CrudRepository<Guest, String> {
    List<Guest> findByHostIdOrderByVmid(String hostId);

    Optional<Guest> findByHostIdAndVmid(String hostId, int vmid);

    /** Every guest of the host without its sample (one query per report on the ingest path). */
    List<GuestStored> findByHostId(String hostId);

    /**
     * Moves {@code last_seen_at} of these guests: a report's guests whose rows need no other
     * change, in one statement.
     */
    @Query("UPDATE guests SET last_seen_at = :seenAt WHERE id IN (:ids)")
    int seen(Collection<String> ids, Instant seenAt);

    /**
     * One page of the guests, by host then vmid; an empty filter matches every guest (text, not
     * null, so that PostgreSQL knows the parameters' type).
     */
    @Query(
            "SELECT * FROM guests"
                    + " WHERE (:hostId = '' OR host_id = :hostId)"
                    + " AND (:tenantId = '' OR tenant_id = :tenantId)"
                    + " AND (:status = '' OR status = :status)"
                    + " ORDER BY host_id, vmid, id LIMIT :limit OFFSET :offset")
    List<Guest> page(String hostId, String tenantId, String status, int limit, long offset);
}
