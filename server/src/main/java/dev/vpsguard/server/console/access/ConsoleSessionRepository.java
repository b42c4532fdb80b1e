package dev.vpsguard.server.console.access;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;

/** Open console sessions. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface ConsoleSessionRepository extends CrudRepository<ConsoleSessionRow, String> {
    @Query("UPDATE console_sessions SET last_seen_at = :at WHERE id_hash = :idHash")
    void touch(String idHash, Instant at);

    @Query("DELETE FROM console_sessions WHERE user_id = :userId AND id_hash <> :keep")
    void deleteOthersOfUser(String userId, String keep);

    @Query("DELETE FROM console_sessions WHERE expires_at <= :now OR last_seen_at <= :idleBefore")
    void deleteEnded(Instant now, Instant idleBefore);
}
