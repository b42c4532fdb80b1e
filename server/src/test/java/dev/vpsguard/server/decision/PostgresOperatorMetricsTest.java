package dev.vpsguard.server.decision;

import dev.vpsguard.server.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;

/** The scrape-time counts and the outbox's grouped query on PostgreSQL. */
class PostgresOperatorMetricsTest extends OperatorMetricsTest {
    private EmbeddedPostgres postgres;

    @Override
    Map<String, Object> database() throws Exception {
        postgres = EmbeddedPostgres.start();
        return TestPostgres.properties(postgres);
    }

    @Override
    void closeDatabase() throws Exception {
        postgres.close();
    }
}
