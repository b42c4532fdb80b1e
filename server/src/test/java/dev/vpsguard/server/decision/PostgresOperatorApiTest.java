package dev.vpsguard.server.decision;

import dev.vpsguard.server.TestPostgres;
import java.util.Map;

/** The operator's lists on a real PostgreSQL: the paging and filter queries run there too. */
class PostgresOperatorApiTest extends OperatorApiTest {
    @Override
    Map<String, Object> database() throws Exception {
        return TestPostgres.freshDatabase();
    }
}
