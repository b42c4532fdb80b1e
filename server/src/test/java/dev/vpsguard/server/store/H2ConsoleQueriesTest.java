package dev.vpsguard.server.store;

import java.util.Map;

/** The console queries on H2 (in-memory, PostgreSQL mode: the default database). */
class H2ConsoleQueriesTest extends ConsoleQueriesContract {
    @Override
    Map<String, Object> datasource() {
        return Map.of();
    }
}
