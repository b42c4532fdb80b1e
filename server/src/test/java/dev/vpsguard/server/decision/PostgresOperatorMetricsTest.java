package dev.vpsguard.server.decision;

import dev.vpsguard.server.TestPostgres;
import java.util.Map;

/** The scrape-time counts and the outbox's grouped query on PostgreSQL. */
class PostgresOperatorMetricsTest extends OperatorMetricsTest {
    @Override
    Map<String, Object> database() throws Exception {
        return TestPostgres.freshDatabase();
    }
}
