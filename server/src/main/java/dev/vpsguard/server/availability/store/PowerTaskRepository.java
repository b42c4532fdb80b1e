package dev.vpsguard.server.availability.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** Guest power tasks, once per UPID. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface PowerTaskRepository extends CrudRepository<PowerTaskRow, String> {
    @Query(
            "SELECT * FROM guest_power_tasks WHERE host_id = :hostId AND vmid = :vmid"
                    + " AND started_at >= :since ORDER BY started_at")
    List<PowerTaskRow> ofGuestSince(String hostId, int vmid, Instant since);

    /** Every guest's tasks on the host since {@code since}, oldest first. */
    @Query(
            "SELECT * FROM guest_power_tasks WHERE host_id = :hostId AND started_at >= :since"
                    + " ORDER BY started_at")
    List<PowerTaskRow> ofHostSince(String hostId, Instant since);
}
