package dev.vpsguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.testing.Await;
import dev.vpsguard.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent jar, on a Proxmox fixture inventory, reports to the real server jar over real
 * sockets on loopback. The server is stopped for several cycles and restarted: every report made
 * meanwhile arrives, in order, with no gap in seq.
 */
class AgentServerEndToEndTest {
    private static final Path FIXTURE =
            Processes.ROOT.resolve("agent/src/test/resources/fixtures/pve-host");
    private static final List<Integer> FIXTURE_VMIDS = List.of(100, 101, 102, 103, 200, 201, 202);

    @TempDir Path dir;

    /** A running server with one host created and its agent enrolled (not started). */
    private record Rig(
            Processes processes,
            Process server,
            Map<String, String> serverEnv,
            Path serverDir,
            Http admin,
            String hostId,
            Path agentDir,
            Path config,
            Http agentLocal) {
        Process startAgent() throws IOException {
            return processes.java(
                    Processes.AGENT_JAR,
                    agentDir,
                    agentDir.resolveSibling("agent.log"),
                    Map.of(),
                    "run",
                    "--config",
                    config.toString());
        }
    }

    private Rig startServerAndEnrol(Processes processes) throws Exception {
        int serverPort = FreePorts.loopback();
        int metricsPort = FreePorts.loopback();
        String adminToken = "e2e-" + UUID.randomUUID();
        String url = "http://127.0.0.1:" + serverPort;
        Path serverDir = Files.createDirectories(dir.resolve("server"));
        Path agentDir = Files.createDirectories(dir.resolve("agent"));
        Map<String, String> serverEnv =
                Map.of(
                        "MICRONAUT_SERVER_PORT",
                        Integer.toString(serverPort),
                        "VPSGUARD_BOOTSTRAP_ADMIN_TOKEN",
                        adminToken);
        Http admin = new Http(url, adminToken);
        Process server =
                processes.java(
                        Processes.SERVER_JAR, serverDir, dir.resolve("server.log"), serverEnv);
        Await.until("the server's /health", Duration.ofSeconds(90), () -> admin.ok("/health"));

        JsonNode created = admin.postJson("/api/v1/hosts", "{\"name\":\"e2e-pve\"}");
        Path config = writeAgentConfig(agentDir, url, metricsPort);
        Process enroll =
                processes.java(
                        Processes.AGENT_JAR,
                        agentDir,
                        dir.resolve("agent.log"),
                        Map.of(),
                        "enroll",
                        "--server",
                        url,
                        "--token",
                        created.get("enrollmentToken").asText(),
                        "--config",
                        config.toString());
        assertThat(enroll.waitFor()).as("enroll exit code (see agent.log)").isZero();
        return new Rig(
                processes,
                server,
                serverEnv,
                serverDir,
                admin,
                created.get("hostId").asText(),
                agentDir,
                config,
                new Http("http://127.0.0.1:" + metricsPort, null));
    }

    @Test
    void reportsMadeWhileTheServerIsDownArriveInOrderAfterItRestarts() throws Exception {
        try (Processes processes = new Processes()) {
            Rig rig = startServerAndEnrol(processes);
            Http admin = rig.admin();
            Http agentLocal = rig.agentLocal();
            String hostId = rig.hostId();
            Path agentDir = rig.agentDir();
            Process server = rig.server();
            Path serverDir = rig.serverDir();
            Map<String, String> serverEnv = rig.serverEnv();
            Process agent = rig.startAgent();

            // The fixture's guests appear through the read API.
            Await.until(
                    "three reports and every fixture guest on the server",
                    Duration.ofSeconds(60),
                    () -> lastSeq(admin, hostId) >= 3 && guestVmids(admin, hostId).size() == 7);
            assertThat(guestVmids(admin, hostId))
                    .containsExactlyInAnyOrderElementsOf(FIXTURE_VMIDS);
            JsonNode detail = admin.getJson("/api/v1/hosts/" + hostId);
            String guestId = detail.get("guests").get(0).get("id").asText();
            JsonNode guest = admin.getJson("/api/v1/guests/" + guestId);
            assertThat(guest.toString()).contains("\"vmid\"");

            // Outage: the agent keeps making reports and spools them.
            assertThat(Processes.stop(server)).as("server exit code on SIGTERM").isIn(0, 143);
            Await.until(
                    "four reports spooled while the server is down",
                    Duration.ofSeconds(60),
                    () -> agentMetric(agentLocal, "vpsguard_agent_spool_reports") >= 4);
            double builtDuringOutage = agentMetric(agentLocal, "vpsguard_agent_seq");

            processes.java(Processes.SERVER_JAR, serverDir, dir.resolve("server.log"), serverEnv);
            Await.until(
                    "the restarted server's /health",
                    Duration.ofSeconds(90),
                    () -> admin.ok("/health"));
            Await.until(
                    "the spooled reports to arrive",
                    Duration.ofSeconds(60),
                    () -> lastSeq(admin, hostId) >= (long) builtDuringOutage);

            // Freeze the agent so that the counters below describe a finished sequence.
            assertThat(Processes.stop(agent)).isIn(0, 143);
            long agentSeq = Long.parseLong(Files.readString(agentDir.resolve("state/seq")).trim());
            String metrics = admin.get("/metrics").body();
            double ingestedSinceRestart = Http.metric(metrics, "vpsguard_reports_ingested_total");
            double gaps = Http.metric(metrics, "vpsguard_report_seq_gaps_total");
            double duplicates = Http.metric(metrics, "vpsguard_reports_duplicate_total");
            long finalSeq = lastSeq(admin, hostId);
            List<String> spooled = listSpool(agentDir);

            // No gap and no duplicate since the restart: the server got lastSeqAtStop+1, +2, …, in
            // that order. Every seq the agent made is on the server or still in the spool (a
            // report spooled just before SIGTERM waits for the next start), with nothing between.
            assertThat(gaps).as("seq gaps since restart").isEqualTo(0);
            assertThat(duplicates).as("duplicates since restart").isEqualTo(0);
            assertThat(ingestedSinceRestart).isGreaterThanOrEqualTo(4);
            // A report the server took just before SIGTERM may still be in the spool (it is
            // re-sent at the next start and answered as a duplicate): only seqs above finalSeq
            // are still owed, and they must be exactly finalSeq+1 … agentSeq.
            List<Long> owed =
                    spooled.stream()
                            .map(n -> Long.parseLong(n.substring(0, 20)))
                            .filter(seq -> seq > finalSeq)
                            .sorted()
                            .toList();
            List<Long> expectedOwed = new ArrayList<>();
            for (long seq = finalSeq + 1; seq <= agentSeq; seq++) {
                expectedOwed.add(seq);
            }
            assertThat(owed).isEqualTo(expectedOwed);
            assertThat(finalSeq).isGreaterThanOrEqualTo((long) builtDuringOutage);
        }
    }

    /**
     * The agent's state directory is lost (reinstalled host, restored backup) but its credential is
     * kept: the restarted agent numbers from seq 1 again under a new instance id, and the server
     * stores its reports instead of answering them as duplicates of the old numbering's.
     */
    @Test
    void anAgentWhoseStateWasLostIsStoredNotDroppedAsDuplicates() throws Exception {
        try (Processes processes = new Processes()) {
            Rig rig = startServerAndEnrol(processes);
            Http admin = rig.admin();
            Process agent = rig.startAgent();
            Await.until(
                    "ten reports of the first agent instance",
                    Duration.ofSeconds(90),
                    () -> lastSeq(admin, rig.hostId()) >= 10);
            assertThat(Processes.stop(agent)).isIn(0, 143);
            Path state = rig.agentDir().resolve("state");
            String oldInstance = Files.readString(state.resolve("instance")).trim();
            long oldSeq = lastSeq(admin, rig.hostId());
            String metrics = admin.get("/metrics").body();
            double ingested = Http.metric(metrics, "vpsguard_reports_ingested_total");
            double duplicates = Http.metric(metrics, "vpsguard_reports_duplicate_total");

            // Everything under /var/lib/vpsguard goes: the state, and the spool (there by default).
            deleteTree(state);
            deleteTree(rig.agentDir().resolve("spool"));
            assertThat(rig.agentDir().resolve("credential")).exists();
            Process again = rig.startAgent();
            Await.until(
                    "three reports of the new agent instance stored",
                    Duration.ofSeconds(60),
                    () ->
                            agentMetric(admin, "vpsguard_reports_ingested_total") >= ingested + 3
                                    && lastSeq(admin, rig.hostId()) >= 3);

            String agentMetrics = rig.agentLocal().get("/metrics").body();
            assertThat(Processes.stop(again)).isIn(0, 143);
            String newInstance = Files.readString(state.resolve("instance")).trim();
            assertThat(newInstance).isNotEqualTo(oldInstance);
            // The server follows the new numbering: its last seq went back below the old one.
            assertThat(lastSeq(admin, rig.hostId())).isLessThan(oldSeq);
            String after = admin.get("/metrics").body();
            assertThat(Http.metric(after, "vpsguard_reports_duplicate_total"))
                    .as("duplicates after the state loss")
                    .isEqualTo(duplicates);
            assertThat(Http.metric(after, "vpsguard_report_agent_instances_new_total"))
                    .isEqualTo(2);
            assertThat(agentMetrics)
                    .doesNotContain("vpsguard_agent_report_replies_unexpected_total{");
            assertThat(Http.metric(agentMetrics, "vpsguard_agent_reports_sent_total"))
                    .isGreaterThanOrEqualTo(3);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Path writeAgentConfig(Path agentDir, String url, int metricsPort) throws IOException {
        String yaml =
                String.join(
                        "\n",
                        "server:",
                        "  url: " + url,
                        "  credentialFile: " + agentDir.resolve("credential"),
                        "intervalSeconds: 1",
                        "hostRoot: " + FIXTURE,
                        "inventory:",
                        "  mode: proxmox",
                        "spool:",
                        "  dir: " + agentDir.resolve("spool"),
                        "metrics:",
                        "  bind: 127.0.0.1",
                        "  port: " + metricsPort,
                        "stateDir: " + agentDir.resolve("state"),
                        // A fixture tree is not a hypervisor: never touch this machine's nftables
                        // (neither the enforcement tables nor the kernel counting ones).
                        "enforcement:",
                        "  enabled: false",
                        "smtp:",
                        "  enabled: false",
                        "");
        Path config = agentDir.resolve("agent.yml");
        Files.writeString(config, yaml);
        return config;
    }

    private static long lastSeq(Http admin, String hostId) {
        try {
            return admin.getJson("/api/v1/hosts/" + hostId).get("host").get("lastSeq").asLong();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static List<Integer> guestVmids(Http admin, String hostId) {
        List<Integer> vmids = new ArrayList<>();
        try {
            for (JsonNode g : admin.getJson("/api/v1/hosts/" + hostId).get("guests")) {
                vmids.add(g.get("vmid").asInt());
            }
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return vmids;
    }

    /** A series of the agent's or the server's {@code /metrics}; -1 while unreachable. */
    private static double agentMetric(Http agent, String name) {
        try {
            return Http.metric(agent.get("/metrics").body(), name);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static List<String> listSpool(Path agentDir) throws IOException {
        Path spool = agentDir.resolve("spool");
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (var files = Files.list(spool)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[0-9]{20}\\.json\\.gz"))
                    .toList();
        }
    }
}
