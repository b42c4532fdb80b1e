package dev.vpsguard.server.ingest;

import dev.vpsguard.server.TestPostgres;
import dev.vpsguard.server.TestServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One server per test class, on H2 or on a database of its own on the test JVM's PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerOnEachDatabase {
    TestServer server;

    private Map<String, Object> datasource;

    /** True to run on a real PostgreSQL, false on H2. */
    abstract boolean onPostgres();

    @BeforeAll
    void start() throws Exception {
        if (onPostgres()) {
            datasource = TestPostgres.freshDatabase();
        } else {
            // Named, and kept while the JVM lives, so that restart() finds it again.
            datasource =
                    Map.of(
                            "datasources.default.url",
                            "jdbc:h2:mem:"
                                    + UUID.randomUUID()
                                    + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                                    + "DEFAULT_NULL_ORDERING=HIGH");
        }
        server = TestServer.start(datasource);
    }

    /** Stops the server and starts a new one on the same database: what survives is stored. */
    void restart() {
        server.close();
        server = TestServer.start(datasource);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }
}
