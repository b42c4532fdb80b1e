package dev.vpsguard.server.notify;

import dev.vpsguard.server.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** Real databases for store tests, migrated with Flyway exactly as the server does. */
public final class Databases {
    private Databases() {}

    /** A fresh, migrated in-memory H2 database. */
    public static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:notify-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return migrate(ds);
    }

    /**
     * A fresh, migrated in-memory H2 in PostgreSQL compatibility mode, in case the server's storage
     * runs H2 that way.
     */
    public static DataSource h2PostgresMode() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(
                "jdbc:h2:mem:notify-"
                        + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                        + ";DB_CLOSE_DELAY=-1");
        return migrate(ds);
    }

    /** The test JVM's PostgreSQL ({@link TestPostgres#shared()}), with a fresh migrated schema. */
    public static synchronized DataSource postgres() {
        EmbeddedPostgres postgres = TestPostgres.shared();
        String schema = "n" + UUID.randomUUID().toString().replace("-", "");
        DataSource admin = postgres.getPostgresDatabase();
        try (var c = admin.getConnection()) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(postgres.getJdbcUrl("postgres", "postgres"));
        ds.setCurrentSchema(schema);
        return migrate(ds);
    }

    private static DataSource migrate(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return ds;
    }
}
