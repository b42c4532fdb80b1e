package dev.vpsguard.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.DrivenOutbox;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.LadderDriver;
import dev.vpsguard.server.host.silence.HostSilence;
import dev.vpsguard.server.notify.webhook.Receiver;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A host that stops reporting is reported to support once per silence ({@code host_silent}), and
 * once when it is back ({@code host_back}): across many sweeps and a restart of the server on the
 * same database (real server, real HTTP receiver on loopback; the sweep is run by the test).
 */
abstract class HostSilenceContract {
    /** Datasource properties of a database that outlives one server. */
    abstract Map<String, Object> database() throws Exception;

    void stopDatabase() throws Exception {}

    @Test
    void oneHostSilentPerSilenceAcrossSweepsAndARestartThenBackThenSilentAgain() throws Exception {
        Map<String, Object> db = database();
        try (Receiver receiver = new Receiver(() -> 204)) {
            LadderDriver agent;
            Instant stoppedAt;
            try (TestServer first = TestServer.start(props(db, receiver))) {
                DrivenOutbox outbox = DrivenOutbox.of(first);
                agent = LadderDriver.enroll(first);
                Agents.createHost(first, "pve-never-reported");
                agent.report(0, 101);
                HostSilence silence = first.context().getBean(HostSilence.class);
                first.clock().advance(Duration.ofMinutes(4));
                assertThat(silence.sweep()).as("4 minutes is within the 5 allowed").isZero();
                first.clock().advance(Duration.ofMinutes(2));
                assertThat(silence.sweep()).isEqualTo(1);
                assertThat(silence.sweep()).as("the same silence again").isZero();
                List<JsonNode> silent = delivered(outbox, receiver, "host_silent", 1);
                JsonNode e = silent.get(0);
                assertThat(e.get("host").get("id").asText()).isEqualTo(agent.hostId());
                assertThat(e.get("host").get("name").asText()).isEqualTo("pve-ladder");
                assertThat(e.get("guest").isNull()).isTrue();
                assertThat(e.get("evidence").get("secondsSinceLastReport").asLong()).isEqualTo(360);
                assertThat(e.get("evidence").get("allowedSeconds").asLong()).isEqualTo(300);
                assertThat(e.get("reason").asText()).contains("no report since");
                JsonNode view =
                        Agents.json(
                                        first.get(
                                                        "/api/v1/hosts/" + agent.hostId(),
                                                        TestServer.ADMIN_TOKEN)
                                                .body())
                                .get("host");
                assertThat(Instant.parse(view.get("silentSince").asText()))
                        .isEqualTo(first.clock().instant());
                stoppedAt = first.clock().instant();
            }
            try (TestServer second = TestServer.start(props(db, receiver))) {
                DrivenOutbox outbox = DrivenOutbox.of(second);
                second.clock().set(stoppedAt.plus(Duration.ofMinutes(10)));
                HostSilence silence = second.context().getBean(HostSilence.class);
                assertThat(silence.sweep()).as("still the same silence after a restart").isZero();
                LadderDriver again = new LadderDriver(second, agent.host(), agent.seq());
                again.report(0, 101);
                JsonNode back = delivered(outbox, receiver, "host_back", 1).get(0);
                assertThat(back.get("host").get("id").asText()).isEqualTo(agent.hostId());
                assertThat(back.get("evidence").get("silentSeconds").asLong())
                        .isEqualTo(Duration.ofMinutes(16).plusSeconds(5).toSeconds());
                again.report(0, 101);
                assertThat(silence.sweep()).isZero();
                JsonNode listed =
                        Agents.json(second.get("/api/v1/hosts", TestServer.ADMIN_TOKEN).body());
                listed.forEach(h -> assertThat(h.get("silentSince").isNull()).isTrue());

                second.clock().advance(Duration.ofMinutes(6));
                assertThat(silence.sweep()).as("a new silence").isEqualTo(1);
                List<JsonNode> silent = delivered(outbox, receiver, "host_silent", 2);
                assertThat(silent.get(1).get("id").asText())
                        .isNotEqualTo(silent.get(0).get("id").asText());
                // Nothing is left pending, so no later pass sends anything.
                outbox.settle();
                assertThat(events(receiver, "host_silent")).hasSize(2);
                assertThat(events(receiver, "host_back")).hasSize(1);
            }
        } finally {
            stopDatabase();
        }
    }

    @Test
    void afterAServerOutageNoHostIsMarkedBeforeTheLimitHasPassedSinceTheStart() throws Exception {
        Map<String, Object> db = database();
        try (Receiver receiver = new Receiver(() -> 204)) {
            Agents.Enrolled host;
            try (TestServer first = TestServer.start(props(db, receiver))) {
                host = Agents.enroll(first, "pve-outage");
                // The host's last report, an hour before the server comes back.
                first.clock().set(first.clock().instant().minus(Duration.ofHours(1)));
                Agents.sendReport(first, host, 1);
            }
            try (TestServer second = TestServer.start(props(db, receiver))) {
                DrivenOutbox outbox = DrivenOutbox.of(second);
                HostSilence silence = second.context().getBean(HostSilence.class);
                Instant started = second.clock().instant();
                second.clock().set(started.plus(Duration.ofMinutes(4)));
                assertThat(silence.sweep()).as("the agents get as long as anywhere").isZero();
                second.clock().set(started.plus(Duration.ofMinutes(5)).plusSeconds(1));
                assertThat(silence.sweep()).isEqualTo(1);
                assertThat(delivered(outbox, receiver, "host_silent", 1)).hasSize(1);
            }
        } finally {
            stopDatabase();
        }
    }

    @Test
    void aLimitUnderThirtySecondsStopsStartup() throws Exception {
        Map<String, Object> props = new HashMap<>(database());
        props.put("vpsguard.hosts.silent-after", "10s");
        try {
            Throwable thrown = null;
            try (TestServer s = TestServer.start(props)) {
                s.context().getBean(HostSilence.class);
            } catch (RuntimeException e) {
                thrown = e;
            }
            assertThat(thrown).isNotNull();
            Throwable root = thrown;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root.getMessage()).contains("vpsguard.hosts.silent-after", "10S");
        } finally {
            stopDatabase();
        }
    }

    @Test
    void aSweepWaitingOnAReportsRowLockSeesTheReportAndMarksNothing() throws Exception {
        Map<String, Object> db = database();
        try (Receiver receiver = new Receiver(() -> 204);
                TestServer server = TestServer.start(props(db, receiver))) {
            Agents.Enrolled host = Agents.enroll(server, "pve-busy");
            Agents.sendReport(server, host, 1);
            server.clock().advance(Duration.ofMinutes(6));
            HostSilence silence = server.context().getBean(HostSilence.class);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Connection report = server.connection()) {
                // What a report does first: lock the host row and move last_report_at.
                report.setAutoCommit(false);
                try (PreparedStatement lock =
                                report.prepareStatement(
                                        "SELECT id FROM hosts WHERE id = ? FOR UPDATE");
                        PreparedStatement update =
                                report.prepareStatement(
                                        "UPDATE hosts SET last_seq = 2, last_report_at = ?"
                                                + " WHERE id = ?")) {
                    lock.setString(1, host.hostId());
                    lock.executeQuery().close();
                    update.setObject(
                            1, OffsetDateTime.ofInstant(server.clock().instant(), ZoneOffset.UTC));
                    update.setString(2, host.hostId());
                    assertThat(update.executeUpdate()).isEqualTo(1);
                }
                Future<Integer> sweep = pool.submit(silence::sweep);
                // Until the database shows a session waiting for a lock, or the sweep ended.
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!sweep.isDone() && lockWaits(server) == 0) {
                    assertThat(System.nanoTime())
                            .as("a lock wait within 20 s")
                            .isLessThan(deadline);
                    Thread.onSpinWait();
                }
                assertThat(sweep.isDone()).as("the sweep waits for the report's lock").isFalse();
                report.commit();
                assertThat(sweep.get(30, TimeUnit.SECONDS)).isZero();
            } finally {
                pool.shutdownNow();
            }
            assertThat(outbox(server, "host_silent")).isZero();
            assertThat(server.queryLong("SELECT COUNT(*) FROM host_silences")).isZero();
        } finally {
            stopDatabase();
        }
    }

    /** Sessions waiting for a lock another session holds, as the database itself tells. */
    private static long lockWaits(TestServer server) throws SQLException {
        String product;
        try (Connection c = server.connection()) {
            product = c.getMetaData().getDatabaseProductName();
        }
        return server.queryLong(
                product.equals("PostgreSQL")
                        ? "SELECT COUNT(*) FROM pg_locks WHERE NOT granted"
                        : "SELECT COUNT(*) FROM information_schema.sessions"
                                + " WHERE blocker_id IS NOT NULL");
    }

    /** host_silent or host_back rows in the outbox (one channel: the support webhook). */
    static long outbox(TestServer server, String type) {
        return server.queryLong(
                "SELECT COUNT(*) FROM notify_outbox WHERE notification_type = '" + type + "'");
    }

    static Map<String, Object> props(Map<String, Object> db, Receiver receiver) {
        Map<String, Object> p =
                new HashMap<>(
                        TestServer.withWebhook(
                                receiver.url(),
                                // the test sweeps; the schedule must not race it
                                "vpsguard.hosts.silence-check-interval",
                                "1h"));
        p.putAll(db);
        return p;
    }

    private static List<JsonNode> events(Receiver receiver, String type) {
        return receiver.delivered().stream()
                .map(r -> Agents.json(new String(r.body(), StandardCharsets.UTF_8)))
                .filter(e -> e.get("type").asText().equals(type))
                .toList();
    }

    /** Delivers what is due, then returns the {@code type} events, at least {@code count}. */
    private static List<JsonNode> delivered(
            DrivenOutbox outbox, Receiver receiver, String type, int count) {
        outbox.deliverDue();
        List<JsonNode> found = events(receiver, type);
        assertThat(found).as("%d %s", count, type).hasSizeGreaterThanOrEqualTo(count);
        return found;
    }
}
