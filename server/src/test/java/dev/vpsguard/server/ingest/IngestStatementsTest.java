package dev.vpsguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A report costs a constant number of database round trips, whatever its number of guests: when its
 * guests are first seen (their state loaded per host) and after (their rows touched in one
 * statement). Counted by a JDBC driver wrapped around H2 ({@link CountingDriver}), on the request
 * threads only.
 */
class IngestStatementsTest {
    /**
     * Round trips of a host's first report (its guests new), of its first report after a restart
     * (every guest first seen: its state loaded) and of the fifth after that.
     */
    private static long[] roundTrips(int guests) {
        Map<String, Object> db =
                Map.of(
                        "datasources.default.url",
                        CountingDriver.PREFIX
                                + "h2:mem:"
                                + UUID.randomUUID()
                                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                                + "DEFAULT_NULL_ORDERING=HIGH",
                        "datasources.default.driver-class-name",
                        CountingDriver.class.getName());
        long[] out = new long[3];
        Agents.Enrolled host;
        Instant stoppedAt;
        try (TestServer server = TestServer.start(db)) {
            host = Agents.enroll(server, "count-" + guests);
            out[0] = report(server, host, 1, guests);
            report(server, host, 2, guests);
            stoppedAt = server.clock().instant();
        }
        try (TestServer server = TestServer.start(db)) {
            server.clock().set(stoppedAt);
            out[1] = report(server, host, 3, guests);
            for (int seq = 4; seq < 8; seq++) {
                report(server, host, seq, guests);
            }
            out[2] = report(server, host, 8, guests);
        }
        System.out.printf(
                "IngestStatementsTest: %d guests: round trips of the first report %d, of the"
                        + " first after a restart %d, of the fifth after it %d%n",
                guests, out[0], out[1], out[2]);
        return out;
    }

    /** Sends report {@code seq}, 5 s after the last, of quiet guests; its round trips. */
    private static long report(TestServer server, Agents.Enrolled host, long seq, int guests) {
        server.clock().advance(Duration.ofSeconds(5));
        Instant now = server.clock().instant();
        List<GuestSample> samples = new ArrayList<>();
        for (int i = 0; i < guests; i++) {
            samples.add(Agents.guest(101 + i, 0.5, 0, now));
        }
        long before = CountingDriver.count("io-executor-thread-");
        HttpResponse<String> r =
                server.postJson(
                        "/api/v1/reports",
                        host.credential(),
                        ProtocolJson.write(Agents.report(host.hostId(), seq, now, samples)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return CountingDriver.count("io-executor-thread-") - before;
    }

    @Test
    void aReportsRoundTripsDoNotGrowWithItsGuests() {
        long[] ten = roundTrips(10);
        long[] fifty = roundTrips(50);
        // Loading the state of first-seen guests costs the same few queries for 10 guests or 50.
        assertThat(fifty[1] - fifty[2])
                .as("first sight after a restart, beyond a steady report, 50 guests against 10")
                .isEqualTo(ten[1] - ten[2]);
        // What grows with the guests is one statement each: its SMTP window, stored because the
        // test agent's window has a destination (any port-25 activity is kept for the detector).
        assertThat(fifty[2] - ten[2]).as("a steady report, 50 guests against 10").isEqualTo(40);
    }
}
