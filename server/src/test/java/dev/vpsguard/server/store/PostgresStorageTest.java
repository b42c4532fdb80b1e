package dev.vpsguard.server.store;

import dev.vpsguard.server.TestPostgres;
import java.util.Map;

/** The storage contract on a real PostgreSQL started by the test. */
class PostgresStorageTest extends StorageContract {
    @Override
    Map<String, Object> datasource() throws Exception {
        return TestPostgres.freshDatabase();
    }
}
