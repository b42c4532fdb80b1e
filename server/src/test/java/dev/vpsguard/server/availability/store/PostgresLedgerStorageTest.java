package dev.vpsguard.server.availability.store;

import dev.vpsguard.server.TestPostgres;
import java.util.Map;

/** The ledger tables on a real PostgreSQL started by the test. */
class PostgresLedgerStorageTest extends LedgerStorageContract {
    @Override
    Map<String, Object> datasource() throws Exception {
        return TestPostgres.freshDatabase();
    }
}
