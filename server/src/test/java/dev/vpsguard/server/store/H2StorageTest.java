package dev.vpsguard.server.store;

import java.util.Map;

/** The storage contract on H2 (in-memory, PostgreSQL mode: the default database). */
class H2StorageTest extends StorageContract {
    @Override
    Map<String, Object> datasource() {
        return Map.of();
    }
}
