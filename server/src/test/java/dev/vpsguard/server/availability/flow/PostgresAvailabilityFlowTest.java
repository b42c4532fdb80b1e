package dev.vpsguard.server.availability.flow;

import dev.vpsguard.server.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The availability flows on a real PostgreSQL, started once for both (each flow on a database of
 * its own): the reports written by hand, and the real agent's.
 */
class PostgresAvailabilityFlowTest {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Nested
    class FromReports extends AvailabilityFlowContract {
        @Override
        Map<String, Object> database() throws Exception {
            return TestPostgres.newDatabase(postgres, "flow_reports");
        }
    }

    @Nested
    class FromTheAgent extends AgentAvailabilityFlowContract {
        @Override
        Map<String, Object> database() throws Exception {
            return TestPostgres.newDatabase(postgres, "flow_agent");
        }
    }
}
