package dev.vpsguard.server.decision.resource;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Collection;
import java.util.List;

/** Persisted resource detector states. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface ResourceDetectorRepository extends CrudRepository<ResourceDetectorRow, String> {
    /** These guests' rows (those that have one). */
    List<ResourceDetectorRow> findByGuestIdIn(Collection<String> guestIds);
}
