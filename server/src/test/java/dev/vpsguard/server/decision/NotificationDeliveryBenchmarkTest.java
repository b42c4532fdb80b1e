package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vpsguard.server.TestPostgres;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationType;
import dev.vpsguard.server.notify.Notifications;
import dev.vpsguard.server.notify.publish.NotificationOutbox;
import dev.vpsguard.testing.Await;
import io.micronaut.jdbc.DataSourceResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbox delivery figures for BENCHMARKS.md, with the server's own beans and default outbox
 * settings, delivering to a real HTTP receiver on loopback:
 *
 * <ul>
 *   <li>throughput: 10,000 notifications (1,000 guests × 10, so per-guest order applies) committed
 *       in one transaction, then delivered by the running dispatcher; webhooks per second from the
 *       first receipt to the last, on a file-based H2 (the default install) and on PostgreSQL; also
 *       the CPU time of this whole JVM (server, receiver, test) per webhook, which says more than
 *       the rate when other work shares the machine;
 *   <li>latency: reports that cross the spam threshold, from sending the report that makes the
 *       block to the receiver holding its {@code block_created} event; p50, p95, max.
 * </ul>
 *
 * <p>Opt-in: {@code mvn -B -o -pl server -am test -Dtest=NotificationDeliveryBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dvpsguard.bench=true}; one {@code OUTBOX-BENCHMARK} line
 * per figure on stdout. It asserts only correctness (every event once, per-guest order), never
 * time.
 */
@EnabledIfSystemProperty(
        named = "vpsguard.bench",
        matches = "true",
        disabledReason = "benchmark: run with -Dvpsguard.bench=true")
class NotificationDeliveryBenchmarkTest {
    private static final int GUESTS = 1_000;
    private static final int PER_GUEST = 10;
    private static final String SECRET = "support-webhook-secret-0123456789";

    @TempDir Path dir;

    @Test
    void outboxThroughputOnFileH2() throws Exception {
        throughput("h2-file", TestServer.h2File(dir));
    }

    @Test
    void outboxThroughputOnPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            throughput("postgres", TestPostgres.properties(pg));
        }
    }

    private void throughput(String label, Map<String, Object> database) throws Exception {
        try (Hook hook = new Hook();
                TestServer server = TestServer.start(hook.properties(database))) {
            List<Notification> all = new ArrayList<>();
            for (int round = 0; round < PER_GUEST; round++) {
                for (int g = 0; g < GUESTS; g++) {
                    all.add(Notifications.of(NotificationType.HOST_SILENT, 1000 + g));
                }
            }
            NotificationOutbox outbox = server.context().getBean(NotificationOutbox.class);
            DataSource ds = server.context().getBean(DataSource.class);
            DataSource pool = server.context().getBean(DataSourceResolver.class).resolve(ds);
            var os =
                    (com.sun.management.OperatingSystemMXBean)
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long enqueueStart = System.nanoTime();
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                for (Notification n : all) {
                    outbox.enqueue(c, n);
                }
                c.commit();
            }
            long committed = System.nanoTime();
            long cpuAtCommit = os.getProcessCpuTime();
            await(Duration.ofMinutes(5), () -> hook.received.size() >= all.size());
            long cpu = os.getProcessCpuTime() - cpuAtCommit;
            List<Hook.Received> got = new ArrayList<>(hook.received);
            long first = got.stream().mapToLong(Hook.Received::nanos).min().orElseThrow();
            long last = got.stream().mapToLong(Hook.Received::nanos).max().orElseThrow();

            // Every event exactly once, and each guest's events in the order they were queued.
            assertThat(got).hasSize(all.size());
            Map<Integer, List<String>> expected = new LinkedHashMap<>();
            for (Notification n : all) {
                expected.computeIfAbsent(n.guest().vmid(), v -> new ArrayList<>())
                        .add(n.id().toString());
            }
            Map<Integer, List<String>> actual = new HashMap<>();
            got.stream()
                    .sorted(java.util.Comparator.comparingLong(Hook.Received::nanos))
                    .forEach(
                            r ->
                                    actual.computeIfAbsent(r.vmid(), v -> new ArrayList<>())
                                            .add(r.eventId()));
            assertThat(actual).isEqualTo(expected);

            double seconds = (last - first) / 1e9;
            System.out.printf(
                    "OUTBOX-BENCHMARK throughput db=%s webhooks=%d enqueueMillis=%d"
                            + " commitToLastMillis=%d firstToLastMillis=%d webhooksPerSecond=%.0f"
                            + " cpuMicrosPerWebhook=%d loadAverage=%.1f%n",
                    label,
                    got.size(),
                    (committed - enqueueStart) / 1_000_000,
                    (last - committed) / 1_000_000,
                    (last - first) / 1_000_000,
                    (got.size() - 1) / seconds,
                    cpu / 1_000 / got.size(),
                    os.getSystemLoadAverage());
        }
    }

    @Test
    void decisionToWebhookLatency() throws Exception {
        int episodes = 40;
        Map<String, Object> database =
                Map.of(
                        "datasources.default.url",
                        "jdbc:h2:file:"
                                + dir.resolve("latency")
                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        try (Hook hook = new Hook();
                TestServer server = TestServer.start(hook.properties(database))) {
            LadderDriver agent = LadderDriver.enroll(server);
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < episodes; i++) {
                int vmid = 110 + i; // the fixture gives guest v the address 192.0.2.v
                assertThat(LadderDriver.smtpBlock(agent.report(300, vmid), vmid)).isNull();
                long sent = System.nanoTime();
                assertThat(LadderDriver.smtpBlock(agent.report(300, vmid), vmid)).isNotNull();
                await(Duration.ofSeconds(30), () -> hook.blockOf(vmid) != null);
                micros.add((hook.blockOf(vmid).nanos() - sent) / 1_000);
            }
            assertThat(hook.received).hasSize(episodes);
            List<Long> sorted = micros.stream().sorted().toList();
            System.out.printf(
                    "OUTBOX-BENCHMARK latency episodes=%d p50Millis=%.1f p95Millis=%.1f"
                            + " maxMillis=%.1f minMillis=%.1f%n",
                    episodes,
                    percentile(sorted, 50) / 1000.0,
                    percentile(sorted, 95) / 1000.0,
                    sorted.get(sorted.size() - 1) / 1000.0,
                    sorted.get(0) / 1000.0);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static void await(Duration timeout, BooleanSupplier done) {
        Await.until("every delivery", timeout, done);
    }

    /** A support endpoint on loopback: answers 204 on 4 threads, records what arrived and when. */
    private static final class Hook implements AutoCloseable {
        private static final ObjectMapper JSON = new ObjectMapper();

        record Received(String eventId, String type, int vmid, long nanos) {}

        final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final HttpServer server;

        Hook() throws IOException {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(threads);
            server.createContext(
                    "/hook",
                    ex -> {
                        JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
                        received.add(
                                new Received(
                                        ex.getRequestHeaders().getFirst("X-Vpsguard-Event-Id"),
                                        body.get("type").asText(),
                                        body.get("guest").get("vmid").asInt(),
                                        System.nanoTime()));
                        ex.sendResponseHeaders(204, -1);
                        ex.close();
                    });
            server.start();
        }

        Map<String, Object> properties(Map<String, Object> database) {
            Map<String, Object> p = new HashMap<>(database);
            p.put("vpsguard.webhooks[0].name", "support");
            p.put(
                    "vpsguard.webhooks[0].url",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
            p.put("vpsguard.webhooks[0].secret", SECRET);
            return p;
        }

        Received blockOf(int vmid) {
            return received.stream()
                    .filter(r -> r.vmid() == vmid && r.type().equals("block_created"))
                    .findFirst()
                    .orElse(null);
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
