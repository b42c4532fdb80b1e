package dev.vpsguard.server.decision.smtp;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Recent SMTP windows, for rebuilding detection state. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface SmtpWindowRepository extends CrudRepository<SmtpWindowRow, String> {
    /** The guest's windows received at or after {@code from}, in the order they were received. */
    @Query(
            "SELECT * FROM smtp_windows WHERE guest_id = :guestId AND received_at >= :from"
                    + " ORDER BY received_at, window_end")
    List<SmtpWindowRow> received(String guestId, Instant from);

    /** These guests' windows received at or after {@code from}, in no particular order. */
    List<SmtpWindowRow> findByGuestIdInAndReceivedAtGreaterThanEquals(
            Collection<String> guestIds, Instant from);

    /** Deletes the guest's windows (a block was lifted: they were its evidence). */
    void deleteByGuestId(String guestId);

    /** Deletes the windows received before {@code before}; returns how many. */
    int deleteByReceivedAtLessThan(Instant before);
}
