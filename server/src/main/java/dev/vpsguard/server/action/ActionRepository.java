package dev.vpsguard.server.action;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Desired actions. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface ActionRepository extends CrudRepository<ActionRow, String> {
    List<ActionRow> findByHostIdAndLiftedAtIsNullOrderByCreatedAt(String hostId);

    List<ActionRow> findByStateAndLiftedAtIsNullOrderByCreatedAt(String state);

    List<ActionRow> findByLiftedAtIsNullOrderByCreatedAt();

    /** One page of the actions in force, oldest first. */
    @Query(
            "SELECT * FROM actions WHERE lifted_at IS NULL ORDER BY created_at, id"
                    + " LIMIT :limit OFFSET :offset")
    List<ActionRow> pageInForce(int limit, long offset);

    /** One page of the actions in force in {@code state}, oldest first. */
    @Query(
            "SELECT * FROM actions WHERE lifted_at IS NULL AND state = :state"
                    + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
    List<ActionRow> pageInForceByState(String state, int limit, long offset);

    List<ActionRow> findByGuestIdAndLiftedAtIsNullOrderByCreatedAt(String guestId);

    Optional<ActionRow> findByDecisionRefAndLiftedAtIsNull(String decisionRef);

    /** The actions in force with these decision refs, in one query. */
    List<ActionRow> findByDecisionRefInAndLiftedAtIsNull(Collection<String> decisionRefs);
}
