package dev.vpsguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vpsguard.protocol.EnrollRequest;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.testing.Await;
import dev.vpsguard.testing.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged server is killed with SIGKILL twice while support's endpoint has not accepted a
 * block's webhook: right after answering the report that made the block, and while the endpoint
 * holds a delivery attempt. After each restart on the same database (the default file-based H2, and
 * PostgreSQL) the block and its event are still there; in the end the event is delivered exactly
 * once, with the id every earlier attempt carried, and the outbox API shows it delivered.
 */
class OutboxCrashEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VMID = 101;

    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void blockCommittedBeforeACrashIsDeliveredOnceAfterTheRestart(String database)
            throws Exception {
        EmbeddedPostgres postgres = database.equals("postgres") ? EmbeddedPostgres.start() : null;
        try (Hook hook = new Hook();
                Processes processes = new Processes()) {
            int port = FreePorts.loopback();
            String adminToken = "e2e-" + UUID.randomUUID();
            Path serverDir = Files.createDirectories(dir.resolve("server"));
            Map<String, String> env = new HashMap<>();
            env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
            env.put("VPSGUARD_BOOTSTRAP_ADMIN_TOKEN", adminToken);
            env.put("MICRONAUT_CONFIG_FILES", writeConfig(serverDir, hook).toString());
            if (postgres != null) {
                env.putAll(SharedPostgres.env(postgres));
            }
            String url = "http://127.0.0.1:" + port;
            Http admin = new Http(url, adminToken);
            Path log = dir.resolve("server.log");

            Process server = processes.java(Processes.SERVER_JAR, serverDir, log, env);
            Await.until("the server's /health", Duration.ofSeconds(90), () -> admin.ok("/health"));

            // Support's endpoint is down. The server dies the moment it has answered the report
            // that made the block: the block and its webhook were committed, nothing was sent.
            JsonNode blockReply = spamUntilBlocked(admin, url);
            assertThat(blockReply.toString()).contains("smtp_block");
            kill(server);

            server = processes.java(Processes.SERVER_JAR, serverDir, log, env);
            Await.until("the restarted /health", Duration.ofSeconds(90), () -> admin.ok("/health"));
            assertThat(admin.getJson("/api/v1/blocks?state=active")).hasSize(1);
            Await.until(
                    "two refused attempts",
                    Duration.ofSeconds(30),
                    () -> hook.requests.size() >= 2);
            String eventId = hook.requests.get(0).eventId();
            JsonNode pending = admin.getJson("/api/v1/notifications?state=pending");
            assertThat(pending).hasSize(1);
            assertThat(pending.get(0).get("notificationId").asText()).isEqualTo(eventId);
            assertThat(pending.get(0).get("type").asText()).isEqualTo("block_created");
            assertThat(pending.get(0).get("lastError").asText()).contains("HTTP 503");

            // Next attempt: the endpoint takes the request and holds it; the server dies meanwhile.
            hook.holdNext();
            Await.until("a held request", Duration.ofSeconds(30), hook::holding);
            int attemptsBeforeCrash = hook.requests.size();
            kill(server);
            hook.release(); // the held request ends without an answer
            hook.up();

            processes.java(Processes.SERVER_JAR, serverDir, log, env);
            Await.until("the restarted /health", Duration.ofSeconds(90), () -> admin.ok("/health"));
            Await.until(
                    "the webhook after the restart",
                    Duration.ofSeconds(60),
                    () -> !hook.accepted().isEmpty());
            // Once the server has recorded the delivery and holds nothing pending, no pass sends
            // anything again: what the endpoint has seen is final.
            Await.until(
                    "the delivery recorded, nothing pending",
                    Duration.ofSeconds(30),
                    () -> deliveredAndNothingPending(admin));

            assertThat(hook.accepted()).hasSize(1);
            Received accepted = hook.accepted().get(0);
            assertThat(accepted.eventId()).isEqualTo(eventId);
            JsonNode event = JSON.readTree(accepted.body());
            assertThat(event.get("id").asText()).isEqualTo(eventId);
            assertThat(event.get("type").asText()).isEqualTo("block_created");
            assertThat(event.get("guest").get("vmid").asInt()).isEqualTo(VMID);
            assertThat(hook.requests)
                    .as("every attempt, before and after the crash, carries the same id")
                    .extracting(Received::eventId)
                    .containsOnly(eventId);
            assertThat(hook.requests.size()).isEqualTo(attemptsBeforeCrash + 1);

            JsonNode delivered = admin.getJson("/api/v1/notifications?state=delivered");
            assertThat(delivered).hasSize(1);
            assertThat(delivered.get(0).get("notificationId").asText()).isEqualTo(eventId);
            // Every request the endpoint saw was claimed, and the claim was committed first: a
            // count below the requests means a committed claim was lost in a crash. A crash may
            // also come between a claim and its request (at most one per kill).
            assertThat(delivered.get(0).get("attempts").asInt())
                    .as("attempts recorded for %d requests seen", hook.requests.size())
                    .isBetween(hook.requests.size(), hook.requests.size() + 2);
            assertThat(admin.getJson("/api/v1/notifications?state=pending")).isEmpty();
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** Whether the outbox API shows one delivered item and none pending. */
    private static boolean deliveredAndNothingPending(Http admin) {
        try {
            return admin.getJson("/api/v1/notifications?state=delivered").size() == 1
                    && admin.getJson("/api/v1/notifications?state=pending").isEmpty();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no close, nothing recorded on the way out. */
    private static void kill(Process server) throws InterruptedException {
        server.destroyForcibly();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    /**
     * Short retries so the test sees several; a lease longer than the webhook timeout, so the held
     * attempt is still leased when the server dies and is taken again once the lease ends.
     */
    private static Path writeConfig(Path serverDir, Hook hook) throws IOException {
        String yaml =
                String.join(
                        "\n",
                        "vpsguard:",
                        "  webhooks:",
                        "    - name: support",
                        "      url: " + hook.url(),
                        "      secret: e2e-support-secret-0123456789",
                        "  outbox:",
                        "    poll-interval: 100ms",
                        "    initial-delay: 300ms",
                        "    multiplier: 1",
                        "    max-delay: 300ms",
                        "    jitter: 0",
                        "    webhook-timeout: 5s",
                        "    lease: 6s",
                        "");
        Path file = serverDir.resolve("outbox-e2e.yml");
        Files.writeString(file, yaml);
        return file;
    }

    /** Enrols a host and reports spam for one guest until the reply carries its SMTP block. */
    private static JsonNode spamUntilBlocked(Http admin, String url) throws Exception {
        JsonNode host = admin.postJson("/api/v1/hosts", "{\"name\":\"pve-crash\"}");
        JsonNode enrolled =
                new Http(url, null)
                        .postJson(
                                "/api/v1/enroll",
                                json(
                                        new EnrollRequest(
                                                host.get("enrollmentToken").asText(),
                                                "pve-crash",
                                                "e2e")));
        String hostId = enrolled.get("hostId").asText();
        Http agent = new Http(url, enrolled.get("credential").asText());
        Instant start = Instant.now().minusSeconds(30);
        for (int seq = 1; seq <= 5; seq++) {
            // Consecutive 5 s windows of a bot: 300 new SMTP connections, half of them unanswered
            // (volume alone would only raise a finding, which would add its own webhook).
            Instant at = start.plusSeconds(5L * seq);
            JsonNode reply = agent.postJson("/api/v1/reports", json(report(hostId, seq, at)));
            if (reply.get("desiredState").toString().contains("smtp_block")) {
                return reply;
            }
        }
        throw new AssertionError("no SMTP block after 5 spam reports");
    }

    private static Report report(String hostId, long seq, Instant at) {
        return Reports.report(
                hostId, AGENT_INSTANCE, seq, at, List.of(Reports.guest(VMID, 300, at)));
    }

    /** The instance id of the simulated agent. */
    private static final String AGENT_INSTANCE = "5d1c2b3a-4f5e-4d6c-9b8a-7f6e5d4c3b2a";

    private static String json(Object message) {
        return new String(ProtocolJson.write(message), StandardCharsets.UTF_8);
    }

    /** One request as the endpoint saw it; status 0 when it never answered. */
    record Received(String eventId, String body, int status) {}

    /**
     * Support's endpoint on 127.0.0.1: down (503), holding the next request without answering, or
     * up (204). Records every request.
     */
    private static final class Hook implements AutoCloseable {
        final List<Received> requests = new CopyOnWriteArrayList<>();
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final HttpServer server;
        private final AtomicBoolean holdNext = new AtomicBoolean();
        private volatile int status = 503;
        private volatile boolean holding;
        private final CountDownLatch released = new CountDownLatch(1);

        Hook() throws IOException {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(threads);
            server.createContext("/hook", this::handle);
            server.start();
        }

        private void handle(HttpExchange ex) throws IOException {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = ex.getRequestHeaders().getFirst("X-Vpsguard-Event-Id");
            if (holdNext.compareAndSet(true, false)) {
                requests.add(new Received(id, body, 0));
                holding = true;
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close(); // no answer: the client is gone by now
                return;
            }
            int s = status;
            requests.add(new Received(id, body, s));
            ex.sendResponseHeaders(s, -1);
            ex.close();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void holdNext() {
            holdNext.set(true);
        }

        boolean holding() {
            return holding;
        }

        void release() {
            released.countDown();
        }

        void up() {
            status = 204;
        }

        List<Received> accepted() {
            return requests.stream().filter(r -> r.status() / 100 == 2).toList();
        }

        @Override
        public void close() {
            release();
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
