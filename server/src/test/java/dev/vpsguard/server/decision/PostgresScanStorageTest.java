package dev.vpsguard.server.decision;

import dev.vpsguard.server.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;

class PostgresScanStorageTest extends ScanStorageContract {
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
            postgres = null;
        }
    }
}
