package dev.vpsguard.server.availability.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;

/** The ledger table: insert and read only, so no code path can rewrite a closed month. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface LedgerRecordRepository extends GenericRepository<LedgerRecordRow, String> {
    LedgerRecordRow save(LedgerRecordRow row);

    @Query(
            "SELECT * FROM availability_ledger WHERE tenant_id = :tenantId ORDER BY ledger_month, seq")
    List<LedgerRecordRow> ofTenant(String tenantId);
}
