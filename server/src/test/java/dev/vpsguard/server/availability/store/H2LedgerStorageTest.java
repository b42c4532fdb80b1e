package dev.vpsguard.server.availability.store;

import java.util.Map;

/** The ledger tables on H2 (the default database). */
class H2LedgerStorageTest extends LedgerStorageContract {
    @Override
    Map<String, Object> datasource() {
        return Map.of();
    }
}
