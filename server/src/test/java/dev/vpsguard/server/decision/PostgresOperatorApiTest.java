package dev.vpsguard.server.decision;

import dev.vpsguard.server.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The operator's lists on a real PostgreSQL: the paging and filter queries run there too. */
class PostgresOperatorApiTest extends OperatorApiTest {
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
        return TestPostgres.newDatabase(postgres, "operatorapi" + ++databases);
    }
}
