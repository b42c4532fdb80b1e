package dev.vpsguard.agent.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole SMTP ladder with real parts only, in the namespace lab: the packaged server (H2) and
 * the real agent run in the lab's hypervisor namespace; a guest spams through the bridge; the
 * server blocks it; the agent's nftables redirect the guest's mail client to the {@code 554 5.7.1}
 * notice; an unblock request lifts the block; the second episode is strike 2; the third is strike
 * 3, whose unblock request is refused and whose block stays on the host.
 *
 * <p>The contract is an operator policy ({@code e2e-fast}) with the default thresholds and short
 * minimum durations (4 s, 6 s, 1 h), assigned to the guest through a tenant, so the three strikes
 * fit in a test. Nothing leaves the lab: the server listens on the {@code hv} namespace's loopback,
 * and every API call is made with {@code curl} inside that namespace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpStrikesLabEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "e2e-" + UUID.randomUUID();
    private static final Path SERVER_JAR =
            Path.of(System.getProperty("user.dir"))
                    .getParent()
                    .resolve("server/target/vpsguard-server.jar");

    @RegisterExtension
    static final LabExtension LAB =
            new LabExtension(() -> Lab.builder().guestInSubnet(101).mx(10, 0, 0));

    private Lab lab;
    private LabGuest guest;
    private LabAgent agent;
    private LabSink sink;
    private LabProcess server;
    private String guestId;

    @BeforeAll
    void start(Lab lab) throws IOException {
        this.lab = lab;
        this.guest = lab.guest(101);
        sink = LabSink.start(lab);
        Path serverDir = Files.createDirectories(lab.workDir().resolve("server"));
        Path policies = Files.createDirectories(serverDir.resolve("policies"));
        Files.writeString(policies.resolve("e2e-fast.yml"), fastPolicy(), StandardCharsets.UTF_8);
        server =
                lab.spawn(
                        lab.hv(),
                        "sh",
                        "-c",
                        "cd '"
                                + serverDir
                                + "' && exec env MICRONAUT_SERVER_PORT="
                                + LabAgent.SERVER_PORT
                                + " VPSGUARD_BOOTSTRAP_ADMIN_TOKEN="
                                + ADMIN
                                + " VPSGUARD_POLICIES_DIR='"
                                + policies
                                + "' '"
                                + Path.of(System.getProperty("java.home"), "bin", "java")
                                + "' -Xmx256m -jar '"
                                + SERVER_JAR
                                + "'");
        LabPoll.until(
                Duration.ofSeconds(120),
                () -> call("GET", "/health", null).status() == 200,
                () -> "the server's /health; server log:\n" + server.output());

        JsonNode host = call("POST", "/api/v1/hosts", "{\"name\":\"lab-pve\"}").json();
        agent = new LabAgent(lab, "smtp:\n  enabled: true\n", 1, true);
        List<String> enroll = new ArrayList<>(agent.agentCommand("enroll"));
        enroll.addAll(
                List.of(
                        "--server",
                        "http://127.0.0.1:" + LabAgent.SERVER_PORT,
                        "--token",
                        host.get("enrollmentToken").asText()));
        ExecResult enrolled = lab.exec(lab.hv(), enroll.toArray(String[]::new));
        assertThat(enrolled.exitCode()).as("enroll: %s", enrolled.output()).isZero();
        agent.startAgent();

        String hostId = host.get("hostId").asText();
        LabPoll.until(
                Duration.ofSeconds(60),
                () -> call("GET", "/api/v1/hosts/" + hostId, null).json().get("guests").size() > 0,
                () -> "the agent's first report; agent log:\n" + agent.agent().output());
        guestId =
                call("GET", "/api/v1/hosts/" + hostId, null)
                        .json()
                        .get("guests")
                        .get(0)
                        .get("id")
                        .asText();
        Response tenant =
                call(
                        "POST",
                        "/api/v1/tenants",
                        "{\"id\":\"lab-customer\",\"name\":\"Lab customer\","
                                + "\"contactEmail\":\"ops@example.test\",\"language\":\"en\","
                                + "\"contract\":\"e2e-fast\"}");
        assertThat(tenant.status()).as("tenant: %s", tenant.body()).isEqualTo(201);
        Response assigned =
                call(
                        "PUT",
                        "/api/v1/guests/" + guestId + "/tenant",
                        "{\"tenantId\":\"" + tenant.json().get("id").asText() + "\"}");
        assertThat(assigned.status()).as("assign: %s", assigned.body()).isBetween(200, 204);
    }

    @AfterAll
    void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void threeEpisodesClimbTheLadderAndTheThirdUnblockIsRefused() throws Exception {
        String mx = lab.mx().accepting().get(0);
        assertThat(LabSmtpProbe.swaks(lab, guest, mx)).as("mail flows before").contains("250");

        // Strike 1: blocked, the client is told why, the request after 4 s is granted.
        JsonNode block1 = spamUntilBlocked(1);
        assertThat(explanationSeenBy(mx)).containsAnyOf("554 5.7.1", "421 4.7.1");
        Thread.sleep(4_500);
        assertThat(requestUnblock(block1).get("outcome").asText()).isEqualTo("granted");
        awaitMailFlows(mx);

        // Strike 2: longer minimum; a request before it is scheduled, one after it granted.
        JsonNode block2 = spamUntilBlocked(2);
        assertThat(Duration.between(instant(block2, "startedAt"), instant(block2, "minimumUntil")))
                .isGreaterThan(
                        Duration.between(
                                instant(block1, "startedAt"), instant(block1, "minimumUntil")));
        assertThat(explanationSeenBy(mx)).containsAnyOf("554 5.7.1", "421 4.7.1");
        Thread.sleep(6_500);
        assertThat(requestUnblock(block2).get("outcome").asText()).isEqualTo("granted");
        awaitMailFlows(mx);

        // Strike 3: the request is refused, and the block stays on the host.
        JsonNode block3 = spamUntilBlocked(3);
        JsonNode refused = requestUnblock(block3);
        assertThat(refused.get("outcome").asText()).isEqualTo("refused");
        assertThat(refused.get("clause").asText()).isNotBlank();
        // The spam has stopped: once the responder's per-source minute is over, the client gets
        // the full notice, and nothing has lifted the block meanwhile.
        assertThat(fullNoticeSeenBy(mx)).contains("554 5.7.1");
        JsonNode ladder = call("GET", "/api/v1/guests/" + guestId + "/ladder", null).json();
        assertThat(ladder.toString()).contains(block3.get("id").asText());
    }

    /** Runs the spam bot until the server has an active block with this strike; returns it. */
    private JsonNode spamUntilBlocked(int strike) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int round = 0;
        while (System.nanoTime() < deadline) {
            ProfileRunner.run(lab, guest, TrafficProfile.spamBot(lab.mx(), 200, 50, 25L + round++));
            for (int i = 0; i < 10; i++) {
                JsonNode active = activeBlock();
                if (active != null) {
                    assertThat(active.get("strike").asInt()).isEqualTo(strike);
                    return active;
                }
                sleep(500);
            }
        }
        throw new AssertionError(
                "no strike-" + strike + " block within 90 s; server log:\n" + server.output());
    }

    private JsonNode activeBlock() {
        for (JsonNode b : call("GET", "/api/v1/blocks?state=active", null).json()) {
            if (guestId.equals(b.get("guestId").asText())) {
                return b;
            }
        }
        return null;
    }

    private JsonNode requestUnblock(JsonNode block) {
        Response r =
                call(
                        "POST",
                        "/api/v1/blocks/" + block.get("id").asText() + "/unblock-requests",
                        "{\"channel\":\"operator\",\"reason\":\"customer fixed the"
                                + " compromised account\"}");
        assertThat(r.status()).as("unblock request: %s", r.body()).isEqualTo(201);
        return r.json();
    }

    /**
     * The guest's mail client's view once the agent applied the block: the {@code 554 5.7.1}
     * notice, or, while the responder throttles the source that just spammed it (30 connections a
     * minute), its {@code 421 4.7.1} reply, which also says the mail is blocked.
     */
    private String explanationSeenBy(String mx) {
        return awaitSwaks(
                mx,
                Duration.ofSeconds(20),
                out -> out.contains("554 5.7.1") || out.contains("421 4.7.1"),
                "the 554 notice or the throttled 421 4.7.1");
    }

    /** Waits (up to the responder's one-minute window) for the full 554 notice. */
    private String fullNoticeSeenBy(String mx) {
        return awaitSwaks(
                mx, Duration.ofSeconds(75), out -> out.contains("554 5.7.1"), "the 554 notice");
    }

    private String awaitSwaks(
            String mx, Duration within, java.util.function.Predicate<String> ok, String what) {
        String[] last = {""};
        LabPoll.until(
                within,
                () -> {
                    last[0] = LabSmtpProbe.swaks(lab, guest, mx);
                    if (ok.test(last[0])) {
                        return true;
                    }
                    sleep(2_000); // each probe spends one of the source's 30 a minute
                    return false;
                },
                () -> what + "; last swaks:\n" + last[0] + "\nagent:\n" + agent.agent().output());
        return last[0];
    }

    private void awaitMailFlows(String mx) {
        String[] last = {""};
        LabPoll.until(
                Duration.ofSeconds(20),
                () -> {
                    last[0] = LabSmtpProbe.swaks(lab, guest, mx);
                    return last[0].contains("250") && !last[0].contains("554");
                },
                () -> "mail to flow again; last swaks:\n" + last[0]);
    }

    private static java.time.Instant instant(JsonNode node, String field) {
        return java.time.Instant.parse(node.get(field).asText());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The bundled default policy with short minimum durations, as an operator contract. */
    private static String fastPolicy() throws IOException {
        try (var in =
                SmtpStrikesLabEndToEndTest.class.getResourceAsStream("/policies/default.yml")) {
            assertThat(in).as("the server's bundled default.yml on the classpath").isNotNull();
            String yml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return yml.replace("contract: default", "contract: e2e-fast")
                    .replace("min_duration: 1h", "min_duration: 4s")
                    .replace("min_duration: 24h", "min_duration: 6s")
                    .replace("min_duration: 7d", "min_duration: 1h");
        }
    }

    private record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** One API call with curl inside {@code hv}, where the server listens on loopback. */
    private Response call(String method, String path, String body) {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "curl",
                                "-sS",
                                "-m",
                                "10",
                                "-X",
                                method,
                                "-H",
                                "Authorization: Bearer " + ADMIN,
                                "-H",
                                "Content-Type: application/json",
                                "-w",
                                "\n%{http_code}"));
        if (body != null) {
            cmd.addAll(List.of("--data-binary", body));
        }
        cmd.add("http://127.0.0.1:" + LabAgent.SERVER_PORT + path);
        ExecResult r = lab.exec(lab.hv(), cmd.toArray(String[]::new));
        String out = r.output().strip();
        int nl = out.lastIndexOf('\n');
        String code = nl < 0 ? out : out.substring(nl + 1);
        try {
            return new Response(Integer.parseInt(code.strip()), nl < 0 ? "" : out.substring(0, nl));
        } catch (NumberFormatException e) {
            return new Response(0, out);
        }
    }
}
