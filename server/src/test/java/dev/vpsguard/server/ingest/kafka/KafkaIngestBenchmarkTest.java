package dev.vpsguard.server.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestPostgres;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.testing.Await;
import dev.vpsguard.testing.KafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of the Kafka ingest's consumer side with one and with two consumer nodes, on a real
 * KRaft broker and PostgreSQL: a front node (not consuming) takes {@link #HOSTS} × {@link #REPORTS}
 * real report bodies of {@link #GUESTS} guests each over HTTP and queues them; then the consumer
 * nodes start, and the rate is counted from the first report stored to the last (the group's join
 * and first rebalance fall inside the count).
 *
 * <p>Opt-in: {@code mvn -B -o -pl server -am test -Dtest=KafkaIngestBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dvpsguard.bench=true}; one {@code KAFKA-BENCHMARK} line
 * per figure. All nodes share this JVM and the machine's cores with the broker and PostgreSQL: two
 * nodes here show the group's overhead and correctness under sharing, not a second machine's
 * capacity. It asserts only that every report was stored once.
 */
@EnabledIfSystemProperty(
        named = "vpsguard.bench",
        matches = "true",
        disabledReason = "benchmark: run with -Dvpsguard.bench=true")
class KafkaIngestBenchmarkTest {
    private static final int HOSTS = 40;
    private static final int REPORTS = 10;
    private static final int GUESTS = 50;
    private static final int PARTITIONS = 12;

    @TempDir Path dir;

    @Test
    void oneAndTwoConsumerNodes() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir);
                EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            for (int nodes : new int[] {1, 2}) {
                run(broker, pg, nodes);
            }
        }
    }

    private static Map<String, Object> node(
            KafkaBroker broker, Map<String, Object> db, String name, boolean consume) {
        Map<String, Object> p = new HashMap<>(db);
        p.put("vpsguard.kafka.enabled", "true");
        p.put("vpsguard.kafka.bootstrap-servers", broker.bootstrap());
        p.put("vpsguard.kafka.topic", "bench-" + name);
        p.put("vpsguard.kafka.group-id", "bench-" + name);
        p.put("vpsguard.kafka.partitions", String.valueOf(PARTITIONS));
        p.put("vpsguard.kafka.session-timeout", "6s");
        p.put("vpsguard.kafka.consume", String.valueOf(consume));
        return p;
    }

    private static void run(KafkaBroker broker, EmbeddedPostgres pg, int nodes) throws Exception {
        String name = "n" + nodes;
        Map<String, Object> db = TestPostgres.newDatabase(pg, "bench_" + name);
        try (TestServer front = TestServer.start(node(broker, db, name, false))) {
            List<Agents.Enrolled> hosts = new ArrayList<>();
            for (int h = 0; h < HOSTS; h++) {
                hosts.add(Agents.enroll(front, "pve-" + h));
            }
            Instant at = front.clock().instant();
            long queueStart = System.nanoTime();
            for (int r = 1; r <= REPORTS; r++) {
                for (Agents.Enrolled h : hosts) {
                    Instant sent = at.plusSeconds(r);
                    List<GuestSample> guests = new ArrayList<>();
                    for (int g = 0; g < GUESTS; g++) {
                        guests.add(Agents.guest(100 + g, 0.2 + g % 7 * 0.1, g % 10, sent));
                    }
                    HttpResponse<String> resp =
                            front.postJson(
                                    "/api/v1/reports",
                                    h.credential(),
                                    ProtocolJson.write(Agents.report(h.hostId(), r, sent, guests)));
                    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
                }
            }
            double queueSeconds = (System.nanoTime() - queueStart) / 1e9;
            int total = HOSTS * REPORTS;
            System.out.printf(
                    "KAFKA-BENCHMARK queue nodes=%d reports=%d guests/report=%d seconds=%.2f"
                            + " reports/s=%.1f (one HTTP client, sequential)%n",
                    nodes, total, GUESTS, queueSeconds, total / queueSeconds);

            long cpuBefore = cpuNanos();
            List<CompletableFuture<TestServer>> starting = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                starting.add(
                        CompletableFuture.supplyAsync(
                                () -> TestServer.start(node(broker, db, name, true))));
            }
            List<TestServer> consumers = new ArrayList<>();
            try {
                for (CompletableFuture<TestServer> f : starting) {
                    consumers.add(f.join());
                }
                Await.until(
                        "a first report stored", Duration.ofMinutes(5), () -> stored(front) > 0);
                long first = System.nanoTime();
                long atFirst = stored(front);
                Await.until(
                        () -> "every report stored, " + stored(front) + " of " + total,
                        Duration.ofMinutes(20),
                        () -> stored(front) == total);
                double seconds = (System.nanoTime() - first) / 1e9;
                double cpu = (cpuNanos() - cpuBefore) / 1e9;
                System.out.printf(
                        "KAFKA-BENCHMARK consume nodes=%d reports=%d guests/report=%d"
                                + " seconds=%.2f reports/s=%.1f guest-samples/s=%.0f"
                                + " jvm-cpu-seconds=%.1f%n",
                        nodes,
                        total - atFirst,
                        GUESTS,
                        seconds,
                        (total - atFirst) / seconds,
                        (total - atFirst) * GUESTS / seconds,
                        cpu);
                assertThat(
                                front.queryLong(
                                        "SELECT COUNT(DISTINCT host_id || ':' || seq) FROM"
                                                + " report_receipts"))
                        .isEqualTo(total);
            } finally {
                consumers.forEach(TestServer::close);
            }
        }
    }

    private static long stored(TestServer node) {
        return node.queryLong("SELECT COUNT(*) FROM report_receipts");
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
