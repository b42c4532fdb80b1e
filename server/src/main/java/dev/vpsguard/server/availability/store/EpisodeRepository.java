package dev.vpsguard.server.availability.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Guest state episodes. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface EpisodeRepository extends CrudRepository<EpisodeRow, String> {
    @Query("SELECT * FROM guest_state_episodes WHERE guest_id = :guestId AND ended_at IS NULL")
    Optional<EpisodeRow> open(String guestId);

    /** The open episode of every guest of the host: one query per report instead of one a guest. */
    @Query(
            "SELECT e.* FROM guest_state_episodes e JOIN guests g ON g.id = e.guest_id"
                    + " WHERE g.host_id = :hostId AND e.ended_at IS NULL")
    List<EpisodeRow> openOfHost(String hostId);

    /**
     * Moves {@code last_seen_at} of these open episodes: a report's guests seen again in the state
     * they were in, in one statement.
     */
    @Query("UPDATE guest_state_episodes SET last_seen_at = :seenAt WHERE id IN (:ids)")
    int seen(Collection<String> ids, Instant seenAt);

    /** Episodes touching {@code [from, to)}, the open one included, oldest first. */
    @Query(
            "SELECT * FROM guest_state_episodes WHERE guest_id = :guestId AND started_at < :to"
                    + " AND COALESCE(ended_at, last_seen_at) >= :from ORDER BY started_at, id")
    List<EpisodeRow> touching(String guestId, Instant from, Instant to);
}
