package dev.vpsguard.server.decision;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** Findings. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface FindingRepository extends CrudRepository<FindingRow, String> {
    List<FindingRow> findByGuestIdOrderByAt(String guestId);

    /** The guest's newest {@code limit} findings, newest first. */
    @Query("SELECT * FROM findings WHERE guest_id = :guestId ORDER BY at DESC, id LIMIT :limit")
    List<FindingRow> newestOfGuest(String guestId, int limit);

    /** The guest's findings of one kind taken at or after {@code since}. */
    List<FindingRow> findByGuestIdAndKindAndAtGreaterThanEquals(
            String guestId, String kind, Instant since);
}
