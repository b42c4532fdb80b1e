package dev.vpsguard.server.store;

import dev.vpsguard.server.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;

/** The console queries on a real PostgreSQL started by the test. */
class PostgresConsoleQueriesTest extends ConsoleQueriesContract {
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
