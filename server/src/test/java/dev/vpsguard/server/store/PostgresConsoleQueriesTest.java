package dev.vpsguard.server.store;

import dev.vpsguard.server.TestPostgres;
import java.util.Map;

/** The console queries on a real PostgreSQL started by the test. */
class PostgresConsoleQueriesTest extends ConsoleQueriesContract {
    @Override
    Map<String, Object> datasource() throws Exception {
        return TestPostgres.freshDatabase();
    }
}
