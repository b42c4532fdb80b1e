package dev.vpsguard.server.availability.flow;

import dev.vpsguard.server.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/**
 * The availability flows on a real PostgreSQL, on the test JVM's one cluster (each flow on a
 * database of its own): the reports written by hand, and the real agent's.
 */
class PostgresAvailabilityFlowTest {
    @Nested
    class FromReports extends AvailabilityFlowContract {
        @Override
        Map<String, Object> database() throws Exception {
            return TestPostgres.freshDatabase();
        }
    }

    @Nested
    class FromTheAgent extends AgentAvailabilityFlowContract {
        @Override
        Map<String, Object> database() throws Exception {
            return TestPostgres.freshDatabase();
        }
    }
}
