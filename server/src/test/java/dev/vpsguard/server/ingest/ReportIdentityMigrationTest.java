package dev.vpsguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Hosts that reported before the report identity tables existed keep their numbering: their last
 * seq becomes the last report of the agent without instance id, so its resends and jumps are judged
 * as before, and the new agent instances start fresh.
 */
class ReportIdentityMigrationTest {
    @Test
    void hostsThatReportedBecomeTheLastReportOfTheInstanceWithoutId() throws Exception {
        String url =
                "jdbc:h2:mem:migration-"
                        + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration")
                .target("70")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO hosts (id, name, last_seq, last_report_at, created_at) VALUES"
                            + " ('h-old', 'old', 4321, TIMESTAMP WITH TIME ZONE"
                            + " '2026-11-30 10:00:00+00', TIMESTAMP WITH TIME ZONE"
                            + " '2026-11-01 10:00:00+00'),"
                            + " ('h-new', 'new', 0, NULL, TIMESTAMP WITH TIME ZONE"
                            + " '2026-11-01 10:00:00+00')");
            Flyway.configure()
                    .dataSource(url, "sa", "")
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT host_id, agent_instance, last_seq, last_digest FROM"
                                    + " agent_instances ORDER BY host_id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("h-old");
                assertThat(rs.getString(2)).isEmpty();
                assertThat(rs.getLong(3)).isEqualTo(4321);
                assertThat(rs.getString(4)).isEmpty();
                assertThat(rs.next()).as("a host that never reported has no instance").isFalse();
            }
        }
    }
}
