package dev.vpsguard.server.backup.flow;

import dev.vpsguard.server.TestPostgres;
import java.util.Map;

/** The backup flow on a real PostgreSQL started by the test. */
class PostgresBackupFlowTest extends BackupFlowContract {
    @Override
    Map<String, Object> database() throws Exception {
        return TestPostgres.freshDatabase();
    }
}
