package dev.vpsguard.server.decision.scan;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Collection;
import java.util.List;

/** Persisted fan-out baselines. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface FlowBaselineRepository extends CrudRepository<FlowBaselineRow, String> {
    /** These guests' rows (those that have one). */
    List<FlowBaselineRow> findByGuestIdIn(Collection<String> guestIds);
}
