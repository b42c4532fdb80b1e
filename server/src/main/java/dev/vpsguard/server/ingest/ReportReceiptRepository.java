package dev.vpsguard.server.ingest;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;

/** The reports stored lately, by identity. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface ReportReceiptRepository extends CrudRepository<ReportReceiptRow, String> {
    boolean existsByHostIdAndAgentInstanceAndSeqAndDigest(
            String hostId, String agentInstance, long seq, String digest);

    /** Deletes the receipts of reports stored before {@code before}; returns how many. */
    int deleteByReceivedAtLessThan(Instant before);
}
