package dev.vpsguard.server.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.server.TestPostgres;
import dev.vpsguard.server.TestServer;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database migrated before V50's comment was reworded still starts; any other change of an
 * applied migration still stops it.
 */
class RewordedMigrationsTest {
    private static final RewordedMigrations.Reworded V50 = RewordedMigrations.REWORDED.get("50");

    @TempDir Path dir;

    @Test
    void theShippedTextHasTheCurrentChecksum() throws Exception {
        String url = memoryUrl();
        flyway(url).load().migrate();
        assertThat(checksum(url)).isEqualTo(V50.currentChecksum());
    }

    @Test
    void aDatabaseMigratedWithTheOldTextMigratesAgainAndGetsTheCurrentChecksum() throws Exception {
        String url = memoryUrl();
        flyway(url).load().migrate();
        setChecksum(url, V50.appliedChecksum());
        assertThatThrownBy(() -> flyway(url).load().migrate())
                .as("without the callback the old checksum fails validation")
                .isInstanceOf(FlywayValidateException.class);

        flyway(url).callbacks(new RewordedMigrations()).load().migrate();
        assertThat(checksum(url)).isEqualTo(V50.currentChecksum());
    }

    @Test
    void anyOtherChangeOfAnAppliedMigrationStillFailsValidation() throws Exception {
        String url = memoryUrl();
        flyway(url).load().migrate();
        setChecksum(url, 12345);
        assertThatThrownBy(() -> flyway(url).callbacks(new RewordedMigrations()).load().migrate())
                .isInstanceOf(FlywayValidateException.class);
        assertThat(checksum(url)).isEqualTo(12345);
    }

    @Test
    void theServerStartsOnADatabaseMigratedWithTheOldText() throws Exception {
        Map<String, Object> props = new HashMap<>(TestServer.h2File(dir));
        String url = (String) props.get("datasources.default.url");
        flyway(url).load().migrate();
        setChecksum(url, V50.appliedChecksum());
        try (TestServer server = TestServer.start(props)) {
            assertThat(server.context().findBean(Callback[].class, Qualifiers.byName("default")))
                    .isPresent();
        }
        assertThat(checksum(url)).isEqualTo(V50.currentChecksum());
    }

    @Test
    void onPostgresqlTooTheOldTextGetsTheCurrentChecksum() throws Exception {
        String url = (String) TestPostgres.freshDatabase().get("datasources.default.url");
        flyway(url, "postgres").load().migrate();
        setChecksum(url, "postgres", V50.appliedChecksum());
        assertThatThrownBy(() -> flyway(url, "postgres").load().migrate())
                .isInstanceOf(FlywayValidateException.class);
        flyway(url, "postgres").callbacks(new RewordedMigrations()).load().migrate();
        assertThat(checksum(url, "postgres")).isEqualTo(V50.currentChecksum());
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String url) {
        return flyway(url, "sa");
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(
            String url, String user) {
        return Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration");
    }

    private static String memoryUrl() {
        return "jdbc:h2:mem:reworded-"
                + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    }

    private static int checksum(String url) throws Exception {
        return checksum(url, "sa");
    }

    private static int checksum(String url, String user) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, "");
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT \"checksum\" FROM \"flyway_schema_history\" WHERE"
                                        + " \"version\" = '50'")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    private static void setChecksum(String url, int value) throws Exception {
        setChecksum(url, "sa", value);
    }

    private static void setChecksum(String url, String user, int value) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, "");
                Statement s = c.createStatement()) {
            assertThat(
                            s.executeUpdate(
                                    "UPDATE \"flyway_schema_history\" SET \"checksum\" = "
                                            + value
                                            + " WHERE \"version\" = '50'"))
                    .isEqualTo(1);
        }
    }
}
