package dev.vpsguard.server.decision;

import dev.vpsguard.server.TestPostgres;
import java.util.Map;

class PostgresScanStorageTest extends ScanStorageContract {
    @Override
    Map<String, Object> database() throws Exception {
        return TestPostgres.freshDatabase();
    }
}
