package dev.vpsguard.server.block;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Unblock requests. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface UnblockRequestRepository extends CrudRepository<UnblockRequestRow, String> {
    Optional<UnblockRequestRow> findByGuestIdAndSeq(String guestId, int seq);

    List<UnblockRequestRow> findByOutcomeOrderByCreatedAt(String outcome);

    /** One page of the requests with {@code outcome}, oldest first. */
    @Query(
            "SELECT * FROM unblock_requests WHERE outcome = :outcome ORDER BY created_at, id"
                    + " LIMIT :limit OFFSET :offset")
    List<UnblockRequestRow> pageByOutcome(String outcome, int limit, long offset);

    /** One page of all requests, oldest first. */
    @Query("SELECT * FROM unblock_requests ORDER BY created_at, id LIMIT :limit OFFSET :offset")
    List<UnblockRequestRow> page(int limit, long offset);

    List<UnblockRequestRow> findByBlockIdOrderBySeq(String blockId);

    /** Refused requests whose block is still active, newest first. */
    @Query(
            "SELECT r.* FROM unblock_requests r JOIN blocks b ON b.id = r.block_id"
                    + " WHERE r.outcome = 'refused' AND b.state = 'active'"
                    + " ORDER BY r.decided_at DESC, r.id LIMIT :limit")
    List<UnblockRequestRow> refusedOnActiveBlocks(int limit);
}
