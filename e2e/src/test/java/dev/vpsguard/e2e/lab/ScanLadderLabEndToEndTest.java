package dev.vpsguard.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpsguard.lab.DemoWebhookReceiver;
import dev.vpsguard.lab.GeneratorResult;
import dev.vpsguard.lab.GroundTruth;
import dev.vpsguard.lab.Lab;
import dev.vpsguard.lab.LabAgent;
import dev.vpsguard.lab.LabExtension;
import dev.vpsguard.lab.LabPoll;
import dev.vpsguard.lab.LabSink;
import dev.vpsguard.lab.ProfileRunner;
import dev.vpsguard.lab.TrafficPlan;
import dev.vpsguard.lab.TrafficProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Port scans end to end with real parts only: Debian's {@code nmap} in a guest namespace scans the
 * lab's internet namespace; the real agent counts the guest's new flows in the kernel and reports
 * to the packaged server (H2, in {@code hv}), whose scan detector finds the scan under the
 * unixo-cloud contract, whose ladder warns, and whose webhook reaches support's receiver (a real
 * HTTP server in {@code hv} checking the signature). A crawler-like guest (HTTPS to five addresses)
 * and a backup-like guest (many connections to one address and port) are never found, asserted once
 * the server has stored a report made after their traffic.
 *
 * <p>Prints {@code LAB scan-to-finding} lines (scan start to the finding visible through the API)
 * and the agent's CPU during the scans, for BENCHMARKS.md "Scans".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class ScanLadderLabEndToEndTest {
    private static final int INTERVAL_SECONDS = 2;
    private static final int ADDRESSES = 48;
    private static final int MIN_DESTINATIONS = 40;
    private static final int HOOK_PORT = 8090;
    private static final int MAIL_PORT = 2526;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LabExtension LAB =
            new LabExtension(
                    () ->
                            Lab.builder()
                                    .guestInSubnet(101)
                                    .guestInSubnet(102)
                                    .guestInSubnet(103)
                                    .guestInSubnet(104)
                                    .mx(ADDRESSES, 0, 0));

    private Lab lab;
    private LabAgent agent;
    private LabSink sink;
    private LabServer server;
    private Path hooks;
    private Map<Integer, String> ids;
    private final List<Long> latenciesMillis = new ArrayList<>();

    @BeforeAll
    void start(Lab lab) throws IOException {
        this.lab = lab;
        List<String> https = new ArrayList<>();
        for (String a : lab.mx().accepting().subList(0, 5)) {
            https.add(a + ":443");
        }
        sink = LabSink.start(lab, https);
        Path dir = Files.createDirectories(lab.workDir().resolve("support"));
        String secret = UUID.randomUUID().toString();
        Path secretFile = Files.writeString(dir.resolve("secret"), secret);
        hooks = dir.resolve("webhooks.jsonl");
        Files.writeString(hooks, "");
        lab.spawn(
                lab.hv(),
                Lab.javaCommand(
                                DemoWebhookReceiver.class.getName(),
                                String.valueOf(HOOK_PORT),
                                secretFile.toString(),
                                hooks.toString())
                        .toArray(String[]::new));
        // The customer's mail goes to the lab's SMTP sink, in hv on its loopback.
        var mailSink =
                lab.spawn(
                        lab.hv(),
                        Lab.javaCommand(
                                        dev.vpsguard.lab.LabSmtpSink.class.getName(),
                                        "--listen",
                                        "127.0.0.1:" + MAIL_PORT,
                                        "--control",
                                        dir.resolve("mail.sock").toString())
                                .toArray(String[]::new));
        LabPoll.until(
                Duration.ofSeconds(30),
                () -> mailSink.output().contains("READY"),
                () -> "the mail sink: " + mailSink.output());
        Path config =
                Files.writeString(
                        dir.resolve("server.yml"),
                        "vpsguard:\n  mail:\n    enabled: true\n    host: 127.0.0.1\n"
                                + "    port: "
                                + MAIL_PORT
                                + "\n    security: none\n"
                                + "    from: \"Abuse <abuse@hosting.example.test>\"\n"
                                + "    support-address: support@hosting.example.test\n"
                                + "  webhooks:\n    - name: support\n"
                                + "      url: http://127.0.0.1:"
                                + HOOK_PORT
                                + "/vpsguard\n      secret: \""
                                + secret
                                + "\"\n");
        server =
                new LabServer(
                        lab,
                        Map.of("e2e-scan.yml", unixoWithHorizontalBar()),
                        LabServer.TEST_JVM + " '-Dmicronaut.config.files=" + config + "'");
        agent =
                new LabAgent(
                        lab,
                        "smtp:\n  enabled: true\n  preAlertConnections: 1000000\n",
                        INTERVAL_SECONDS,
                        true);
        ids = server.enrollAndStart(agent, 4);
        server.assign("e2e-scan", ids.values());
    }

    /**
     * The bundled unixo-cloud policy as {@code e2e-scan}, its horizontal bar lowered from 64 to
     * {@value #MIN_DESTINATIONS} addresses: the lab's internet namespace holds at most 49.
     */
    private static String unixoWithHorizontalBar() throws IOException {
        try (var in = LabServer.class.getResourceAsStream("/policies/unixo-cloud.yml")) {
            assertThat(in).as("the bundled unixo-cloud.yml on the classpath").isNotNull();
            String yml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(yml).contains("contract: unixo-cloud", "min_destinations: 64");
            return yml.replace("contract: unixo-cloud", "contract: e2e-scan")
                    .replace("min_destinations: 64", "min_destinations: " + MIN_DESTINATIONS);
        }
    }

    @AfterAll
    void stop() {
        if (sink != null) {
            sink.close();
        }
        if (!latenciesMillis.isEmpty()) {
            List<Long> sorted = latenciesMillis.stream().sorted().toList();
            System.out.printf(
                    "LAB scan-to-finding (%d s reports): runs %d, p50 %d ms, p95 %d ms, all %s%n",
                    INTERVAL_SECONDS,
                    sorted.size(),
                    sorted.get((sorted.size() - 1) / 2),
                    sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1),
                    sorted);
        }
    }

    @Test
    void aHorizontalNmapScanIsFoundWarnedAndToldToSupport() throws Exception {
        List<String> mx = lab.mx().accepting();
        String range =
                mx.get(0) + "-" + mx.get(mx.size() - 1).substring(mx.get(0).lastIndexOf('.') + 1);
        int vmid = 101;
        String guestId = ids.get(vmid);
        long cpu0 = agentCpuTicks();
        long wall0 = System.nanoTime();
        for (int run = 0; run < 4; run++) {
            latenciesMillis.add(scanUntilFound(101, "-p", "22", range));
        }
        printCpu("horizontal", cpu0, wall0);
        JsonNode scan = quota(guestId);
        assertThat(scan.get("level").asText()).isEqualTo("warn");
        JsonNode hook = awaitHook(vmid);
        assertThat(hook.get("quota").asText()).isEqualTo("scan");
        assertThat(hook.get("evidence").get("observed").asDouble())
                .isGreaterThanOrEqualTo((double) MIN_DESTINATIONS);
        assertThat(hook.get("evidence").get("limit").asDouble())
                .as("the horizontal bar: %s", hook)
                .isEqualTo((double) MIN_DESTINATIONS);
        assertThat(hook.get("clause").asText())
                .isEqualTo("UNIXO - UNIXOCLOUD, article 8, Annexe 1");
        awaitMailDelivered(vmid);
    }

    @Test
    void aVerticalNmapScanOfOneAddressIsFoundToo() throws Exception {
        int vmid = 102;
        String guestId = ids.get(vmid);
        long cpu0 = agentCpuTicks();
        long wall0 = System.nanoTime();
        for (int run = 0; run < 3; run++) {
            latenciesMillis.add(scanUntilFound(102, "-p", "1-1000", lab.mx().accepting().get(0)));
        }
        printCpu("vertical", cpu0, wall0);
        assertThat(quota(guestId).get("level").asText()).isEqualTo("warn");
        JsonNode hook = awaitHook(vmid);
        assertThat(hook.get("quota").asText()).isEqualTo("scan");
        assertThat(hook.get("evidence").get("observed").asDouble()).isGreaterThanOrEqualTo(50.0);
        assertThat(hook.get("evidence").get("limit").asDouble())
                .as("the vertical bar: %s", hook)
                .isEqualTo(50.0);
    }

    @Test
    void aCrawlerAndABackupClientAreNeverFound() throws Exception {
        List<String> five = lab.mx().accepting().subList(0, 5);
        GeneratorResult crawler = connect(103, five, 400);
        GeneratorResult backup = connect(104, List.of(five.get(0)), 400);
        assertThat(crawler.accepted()).isEqualTo(400);
        assertThat(backup.accepted()).isEqualTo(400);
        // The server has stored the report covering the traffic and the one after it.
        long after = server.lastSeq() + 2;
        LabPoll.until(
                Duration.ofSeconds(INTERVAL_SECONDS * 10L),
                () -> server.lastSeq() >= after,
                () -> "two more reports; agent log:\n" + agent.agent().output());
        for (int vmid : List.of(103, 104)) {
            String guestId = ids.get(vmid);
            JsonNode scan = quota(guestId);
            assertThat(scan == null || scan.get("level").isNull())
                    .as("guest %d's scan quota: %s", vmid, scan)
                    .isTrue();
            assertThat(hookAbout(vmid)).as("support told of guest %d", vmid).isNull();
        }
    }

    /**
     * The agent's CPU while a guest scans as fast as nmap goes here (20,000 ports of one address,
     * {@code --min-rate 100000}), from the scan's start to its finding through the API.
     */
    @Test
    void bAScanAsFastAsTheLabGoesIsFoundAndItsAgentCpuMeasured() {
        long cpu0 = agentCpuTicks();
        long wall0 = System.nanoTime();
        long millis =
                scanUntilFound(
                        102, "--min-rate", "100000", "-p", "1-20000", lab.mx().accepting().get(1));
        printCpu("a 20,000-port --min-rate 100000", cpu0, wall0);
        System.out.printf("LAB scan-to-finding of that scan: %d ms%n", millis);
        assertThat(quota(ids.get(102)).get("level").asText()).isEqualTo("warn");
    }

    /**
     * Runs nmap from the guest until the server shows a scan finding later than the scan's start;
     * returns the latency in milliseconds from the first scan's start.
     */
    private long scanUntilFound(int vmid, String... target) {
        String guestId = ids.get(vmid);
        JsonNode before = quota(guestId);
        String previous = before == null ? null : before.path("lastOverAt").asText(null);
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> cmd =
                    new ArrayList<>(List.of("nmap", "-n", "-Pn", "-sS", "--max-retries", "0"));
            cmd.addAll(List.of(target));
            long t0 = System.nanoTime();
            lab.exec(lab.guest(vmid).namespace(), cmd.toArray(String[]::new)).orThrow();
            System.out.printf(
                    "LAB nmap %s from guest %d: %.2f s%n",
                    List.of(target), vmid, (System.nanoTime() - t0) / 1e9);
            long polled = System.nanoTime() + Duration.ofSeconds(INTERVAL_SECONDS * 2L).toNanos();
            while (System.nanoTime() < polled) {
                JsonNode now = quota(guestId);
                String last = now == null ? null : now.path("lastOverAt").asText(null);
                if (last != null && !last.equals(previous)) {
                    return Duration.ofNanos(System.nanoTime() - started).toMillis();
                }
                LabPoll.sleep(50);
            }
        }
        throw new AssertionError(
                "no scan finding for guest "
                        + vmid
                        + " within 30 s; server log:\n"
                        + server.process().output());
    }

    private GeneratorResult connect(int vmid, List<String> addresses, int connections) {
        List<TrafficPlan.Step> steps = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            steps.add(new TrafficPlan.Connect(addresses.get(i % addresses.size()), 443));
        }
        TrafficPlan plan = new TrafficPlan(steps);
        return ProfileRunner.run(
                lab,
                lab.guest(vmid),
                new TrafficProfile(
                        "https-" + vmid,
                        TrafficProfile.Client.GENERATOR,
                        plan,
                        "connect",
                        200,
                        8,
                        GroundTruth.of(plan, lab.mx())));
    }

    /** The guest's scan quota through the API, or null before any. */
    private JsonNode quota(String guestId) {
        JsonNode view = server.call("GET", "/api/v1/guests/" + guestId + "/resources", null).json();
        JsonNode scan = view.path("quotas").get("scan");
        return scan == null || scan.isNull() ? null : scan;
    }

    /** Support's webhook about this guest's scan, as the receiver logged it (signature valid). */
    private JsonNode awaitHook(int vmid) {
        JsonNode[] found = {null};
        LabPoll.until(
                Duration.ofSeconds(30),
                () -> {
                    found[0] = hookAbout(vmid);
                    return found[0] != null;
                },
                () ->
                        "support's webhook for guest "
                                + vmid
                                + "; server log:\n"
                                + server.process().output());
        return found[0];
    }

    /** The customer's mail about guest {@code vmid}'s warning, delivered to the lab's sink. */
    private void awaitMailDelivered(int vmid) {
        LabPoll.until(
                Duration.ofSeconds(30),
                () -> {
                    for (JsonNode d : server.call("GET", "/api/v1/notifications", null).json()) {
                        if ("mail".equals(d.path("channel").asText())
                                && "resource_warning".equals(d.path("type").asText())
                                && d.path("guestKey").asText().endsWith("/" + vmid)
                                && "delivered".equals(d.path("state").asText())) {
                            return true;
                        }
                    }
                    return false;
                },
                () ->
                        "a delivered mail for guest "
                                + vmid
                                + ": "
                                + server.call("GET", "/api/v1/notifications", null).body());
    }

    /** The receiver's first resource warning about guest {@code vmid}, or null. */
    private JsonNode hookAbout(int vmid) {
        for (String line : hookLines()) {
            JsonNode e = readJson(line);
            if ("resource_warning".equals(e.path("type").asText())
                    && e.path("guest").path("vmid").asInt() == vmid) {
                return e;
            }
        }
        return null;
    }

    private List<String> hookLines() {
        try {
            return Files.readAllLines(hooks);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("receiver log line: " + line, e);
        }
    }

    /** The agent's user + system CPU ticks so far, from /proc/pid/stat (its JVM and children). */
    private long agentCpuTicks() {
        long total = 0;
        for (ProcessHandle h :
                ProcessHandle.of(agent.agent().pid())
                        .map(
                                p ->
                                        java.util.stream.Stream.concat(
                                                        java.util.stream.Stream.of(p),
                                                        p.descendants())
                                                .toList())
                        .orElse(List.of())) {
            try {
                String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException gone) {
                // exited meanwhile
            }
        }
        return total;
    }

    private void printCpu(String what, long ticks0, long wall0) {
        double seconds = (System.nanoTime() - wall0) / 1e9;
        double cpu = (agentCpuTicks() - ticks0) / 100.0;
        System.out.printf(
                "LAB agent CPU during %s nmap scans: %.2f s CPU in %.1f s wall = %.1f%% of one core%n",
                what, cpu, seconds, 100 * cpu / seconds);
    }
}
