package dev.vpsguard.server.availability.store;

import dev.vpsguard.server.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;

/** The ledger tables on a real PostgreSQL started by the test. */
class PostgresLedgerStorageTest extends LedgerStorageContract {
    private EmbeddedPostgres postgres;

    @Override
    Map<String, Object> datasource() throws Exception {
        postgres = EmbeddedPostgres.start();
        return TestPostgres.properties(postgres);
    }

    @Override
    void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
