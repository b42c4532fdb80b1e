package dev.vpsguard.server.backup.flow;

import dev.vpsguard.server.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;

/** The backup flow on a real PostgreSQL started by the test. */
class PostgresBackupFlowTest extends BackupFlowContract {
    private EmbeddedPostgres postgres;

    @Override
    Map<String, Object> database() throws Exception {
        postgres = EmbeddedPostgres.start();
        return TestPostgres.properties(postgres);
    }

    @Override
    void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
