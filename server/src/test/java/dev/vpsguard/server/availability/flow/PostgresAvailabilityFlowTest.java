package dev.vpsguard.server.availability.flow;

import dev.vpsguard.server.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;

/** The availability flow on a real PostgreSQL started by the test. */
class PostgresAvailabilityFlowTest extends AvailabilityFlowContract {
    private EmbeddedPostgres postgres;

    @Override
    Map<String, Object> database() throws Exception {
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
