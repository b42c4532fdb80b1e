package dev.vpsguard.server.action;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Desired actions. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface ActionRepository extends CrudRepository<ActionRow, String> {
    List<ActionRow> findByHostIdAndLiftedAtIsNullOrderByCreatedAt(String hostId);

    List<ActionRow> findByStateAndLiftedAtIsNullOrderByCreatedAt(String state);

    List<ActionRow> findByLiftedAtIsNullOrderByCreatedAt();

    List<ActionRow> findByGuestIdAndLiftedAtIsNullOrderByCreatedAt(String guestId);

    Optional<ActionRow> findByDecisionRefAndLiftedAtIsNull(String decisionRef);
}
