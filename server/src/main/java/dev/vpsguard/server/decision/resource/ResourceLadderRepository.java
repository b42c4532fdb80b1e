package dev.vpsguard.server.decision.resource;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Persisted resource ladders. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface ResourceLadderRepository extends CrudRepository<ResourceLadderRow, String> {
    /** Row lock: changes to one guest's resource ladders go one at a time. */
    Optional<ResourceLadderRow> findByGuestIdForUpdate(String guestId);

    /** These guests' rows (those that have one). */
    List<ResourceLadderRow> findByGuestIdIn(Collection<String> guestIds);
}
