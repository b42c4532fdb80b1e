package dev.vpsguard.server.decision.smtp;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Persisted SMTP ladder states. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface LadderRepository extends CrudRepository<LadderRow, String> {
    /** Row lock: changes to one guest's ladder go one at a time. */
    Optional<LadderRow> findByGuestIdForUpdate(String guestId);

    /** These guests' rows (those that have one). */
    List<LadderRow> findByGuestIdIn(Collection<String> guestIds);
}
