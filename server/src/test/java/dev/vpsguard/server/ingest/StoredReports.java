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
import java.util.List;
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

    /** {@link #assertGuests(TestServer, Agents.Enrolled, List)} of one report. */
    static void assertGuests(TestServer server, Agents.Enrolled host, Report last) {
        assertGuests(server, host, List.of(last));
    }

    /**
     * Every guest of the last of {@code sent}, column by column; its stored sample, whole, is the
     * one it had in the report of {@code sent} sent at {@code last_sample_at} (a guest's sample is
     * rewritten when its inventory changes or the stored one is a minute old).
     */
    static void assertGuests(TestServer server, Agents.Enrolled host, List<Report> sent) {
        Report last = sent.get(sent.size() - 1);
        Map<Integer, GuestSample> expected = new HashMap<>();
        last.guests().forEach(g -> expected.put(g.vmid(), g));
        int rows = 0;
        try (Connection c = server.connection();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT vmid, kind, name, status, cores, memory_bytes, nics,"
                                        + " last_sample, last_sample_at, last_seen_at FROM guests"
                                        + " WHERE host_id"
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
                    Instant sampleAt =
                            rs.getObject("last_sample_at", OffsetDateTime.class).toInstant();
                    List<GuestSample> then =
                            sent.stream()
                                    .filter(r -> micros(r.sentAt()).equals(sampleAt))
                                    .flatMap(r -> r.guests().stream())
                                    .filter(x -> x.vmid() == g.vmid())
                                    .toList();
                    // Record equality: usage, smtp (with its 10-minute union) and flows, every
                    // field, doubles bit for bit.
                    assertThat(then).as("guest %d at %s", g.vmid(), sampleAt).contains(stored);
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
