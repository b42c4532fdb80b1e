package dev.vpsguard.server.host;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Hosts. The dialect is ANSI: the generated SQL and the two hand-written updates are standard SQL
 * that H2 (in PostgreSQL mode) and PostgreSQL both run; the repository tests run on both.
 */
@JdbcRepository(dialect = Dialect.ANSI)
public interface HostRepository extends CrudRepository<Host, String> {
    Optional<Host> findByCredentialHash(String credentialHash);

    Optional<Host> findByEnrollmentTokenHash(String enrollmentTokenHash);

    /** The host, locked until the transaction ends (SELECT ... FOR UPDATE). */
    Optional<Host> findByIdForUpdate(String id);

    List<Host> listOrderByName();

    /** One page of the hosts, oldest first. */
    @Query("SELECT * FROM hosts ORDER BY created_at, id LIMIT :limit OFFSET :offset")
    List<Host> page(int limit, long offset);

    /**
     * Swaps a host's enrolment token for its credential, atomically: of two concurrent enrolments
     * with the same token, exactly one updates a row.
     *
     * @return rows updated: 1 if the token was still unused, else 0
     */
    @Query(
            "UPDATE hosts SET credential_hash = :credentialHash, enrollment_token_hash = NULL,"
                    + " enrollment_expires_at = NULL"
                    + " WHERE id = :id AND enrollment_token_hash = :tokenHash")
    long consumeEnrollment(String id, String tokenHash, String credentialHash);

    /**
     * Records the seq and time of the report being stored (the caller holds the row lock).
     *
     * @return rows updated: 1, or 0 if the host is gone
     */
    @Query("UPDATE hosts SET last_seq = :seq, last_report_at = :at WHERE id = :id")
    long recordReport(String id, long seq, Instant at);
}
