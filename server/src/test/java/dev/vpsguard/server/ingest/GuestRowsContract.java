package dev.vpsguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.Agents;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ingest rewrites a guest's row only when its inventory changed or its stored sample is a minute
 * old; every report moves {@code last_seen_at} of all its guests. Run against one real database per
 * subclass (H2 and PostgreSQL).
 */
abstract class GuestRowsContract extends ServerOnEachDatabase {
    private long seq;

    @Test
    void aGuestsSampleIsRewrittenOnAnInventoryChangeOrAfterAMinute() {
        Agents.Enrolled host = Agents.enroll(server, "rows");
        Report first = send(host, guest(101, "web", 0.1), guest(102, "db", 0.1));
        server.clock().advance(Duration.ofSeconds(5));
        Report second = send(host, guest(101, "web", 0.2), guest(102, "db-renamed", 0.2));
        // 101: same inventory, sample 5 s old: only last_seen_at moved; 102 renamed: rewritten.
        assertThat(sample(host, 101)).isEqualTo(first.guests().get(0));
        assertThat(sample(host, 102)).isEqualTo(second.guests().get(1));
        assertThat(instant(host, 101, "last_seen_at")).isEqualTo(micros(second.sentAt()));
        assertThat(instant(host, 101, "last_sample_at")).isEqualTo(micros(first.sentAt()));
        StoredReports.assertGuests(server, host, List.of(first, second));

        // 61 s after 101's stored sample (rewritten), 56 s after 102's (kept).
        server.clock().advance(Duration.ofSeconds(56));
        Report third = send(host, guest(101, "web", 0.3), guest(102, "db-renamed", 0.3));
        assertThat(sample(host, 101)).isEqualTo(third.guests().get(0));
        assertThat(sample(host, 102)).isEqualTo(second.guests().get(1));
        assertThat(instant(host, 101, "last_sample_at")).isEqualTo(micros(third.sentAt()));
        StoredReports.assertGuests(server, host, List.of(first, second, third));
    }

    private GuestSample guest(int vmid, String name, double cpu) {
        return Agents.named(Agents.guest(vmid, cpu, 0, server.clock().instant()), name);
    }

    private Report send(Agents.Enrolled host, GuestSample... guests) {
        Report r =
                Agents.report(
                        Agents.INSTANCE,
                        host.hostId(),
                        ++seq,
                        server.clock().instant(),
                        List.of(guests));
        HttpResponse<String> resp =
                server.postJson("/api/v1/reports", host.credential(), ProtocolJson.write(r));
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        return r;
    }

    private GuestSample sample(Agents.Enrolled host, int vmid) {
        try {
            return ProtocolJson.read(
                    server.queryString(
                                    "SELECT last_sample FROM guests WHERE host_id = '"
                                            + host.hostId()
                                            + "' AND vmid = "
                                            + vmid)
                            .getBytes(StandardCharsets.UTF_8),
                    GuestSample.class);
        } catch (dev.vpsguard.protocol.InvalidMessageException e) {
            throw new AssertionError(e);
        }
    }

    private Instant instant(Agents.Enrolled host, int vmid, String column) {
        try (var c = server.connection();
                var s =
                        c.prepareStatement(
                                "SELECT "
                                        + column
                                        + " FROM guests WHERE host_id = ? AND vmid = ?")) {
            s.setString(1, host.hostId());
            s.setInt(2, vmid);
            try (var rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static Instant micros(Instant t) {
        return StoredReports.micros(t);
    }
}
