package dev.vpsguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/** What a stored report left in the database, checked field by field. */
final class StoredReports {
    private StoredReports() {}

    static void assertIdentity(
            TestServer server, Agents.Enrolled host, Report last, String instance) {
        String id = host.hostId();
        assertThat(server.queryLong("SELECT last_seq FROM hosts WHERE id = '" + id + "'"))
                .isEqualTo(last.seq());
        assertThat(
                        server.queryString(
                                "SELECT agent_instance FROM agent_instances WHERE host_id = '"
                                        + id
                                        + "'"))
                .isEqualTo(instance);
        assertThat(
                        server.queryLong(
                                "SELECT last_seq FROM agent_instances WHERE host_id = '"
                                        + id
                                        + "'"))
                .isEqualTo(last.seq());
    }

    /** Every guest of the last report, column by column, and its whole sample as stored. */
    static void assertGuests(TestServer server, Agents.Enrolled host, Report last) {
        Map<Integer, GuestSample> expected = new HashMap<>();
        last.guests().forEach(g -> expected.put(g.vmid(), g));
        int rows = 0;
        try (Connection c = server.connection();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT vmid, kind, name, status, cores, memory_bytes, nics,"
                                        + " last_sample, last_seen_at FROM guests WHERE host_id"
                                        + " = ?")) {
            s.setString(1, host.hostId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    GuestSample g = expected.get(rs.getInt("vmid"));
                    assertThat(g).as("guest %d", rs.getInt("vmid")).isNotNull();
                    assertThat(rs.getString("kind")).isEqualTo(g.kind().wire());
                    assertThat(rs.getString("name")).isEqualTo(g.name());
                    assertThat(rs.getString("status")).isEqualTo(g.status().wire());
                    assertThat((Integer) rs.getObject("cores")).isEqualTo(g.cores());
                    assertThat(rs.getObject("memory_bytes", Long.class))
                            .isEqualTo(g.memoryConfiguredBytes());
                    assertThat(rs.getString("nics"))
                            .isEqualTo(
                                    new String(
                                            ProtocolJson.write(g.nics()), StandardCharsets.UTF_8));
                    GuestSample stored =
                            ProtocolJson.read(
                                    rs.getString("last_sample").getBytes(StandardCharsets.UTF_8),
                                    GuestSample.class);
                    // Record equality: usage, smtp (with its 10-minute union) and flows, every
                    // field, doubles bit for bit.
                    assertThat(stored).isEqualTo(g);
                    assertThat(rs.getObject("last_seen_at", OffsetDateTime.class).toInstant())
                            .isEqualTo(micros(last.sentAt()));
                }
            }
        } catch (SQLException | dev.vpsguard.protocol.InvalidMessageException e) {
            throw new AssertionError(e);
        }
        assertThat(rows).isEqualTo(last.guests().size());
    }

    /** The instant as both databases keep it: rounded to the microsecond. */
    static Instant micros(Instant t) {
        return t.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }
}
