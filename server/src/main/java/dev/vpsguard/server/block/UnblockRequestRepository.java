package dev.vpsguard.server.block;

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

    List<UnblockRequestRow> findByBlockIdOrderBySeq(String blockId);
}
