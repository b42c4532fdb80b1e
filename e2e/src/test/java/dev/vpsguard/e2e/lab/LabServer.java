package dev.vpsguard.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpsguard.lab.ExecResult;
import dev.vpsguard.lab.Lab;
import dev.vpsguard.lab.LabAgent;
import dev.vpsguard.lab.LabPoll;
import dev.vpsguard.lab.LabProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The packaged server (H2) running in the lab's {@code hv} namespace on its loopback, where the lab
 * agent reports, with an operator policy directory; its API is called with {@code curl} inside
 * {@code hv}, so nothing leaves the lab.
 */
final class LabServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SERVER_JAR =
            Path.of(System.getProperty("user.dir"))
                    .getParent()
                    .resolve("server/target/vpsguard-server.jar");

    private final Lab lab;

    /**
     * C1 and the serial collector for the tests' servers: they live a few minutes, where C2's and
     * G1's threads cost the suite's two cores more CPU than they win back. Benchmarks pass their
     * own arguments and run the server's JVM as shipped.
     */
    static final String TEST_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private final String admin = "e2e-" + UUID.randomUUID();
    private final LabProcess process;
    private String hostPath;

    /**
     * Starts the server and waits for {@code /health}.
     *
     * @param policies operator policy files, name to YAML
     */
    LabServer(Lab lab, java.util.Map<String, String> policies) throws IOException {
        this(lab, policies, TEST_JVM);
    }

    /**
     * @param jvmArgs more arguments for the server's JVM, each quoted for {@code sh}
     */
    LabServer(Lab lab, java.util.Map<String, String> policies, String jvmArgs) throws IOException {
        this.lab = lab;
        Path dir = Files.createDirectories(lab.workDir().resolve("server"));
        Path policyDir = Files.createDirectories(dir.resolve("policies"));
        for (var p : policies.entrySet()) {
            Files.writeString(policyDir.resolve(p.getKey()), p.getValue(), StandardCharsets.UTF_8);
        }
        process =
                lab.spawn(
                        lab.hv(),
                        "sh",
                        "-c",
                        "cd '"
                                + dir
                                + "' && exec env MICRONAUT_SERVER_PORT="
                                + LabAgent.SERVER_PORT
                                + " VPSGUARD_BOOTSTRAP_ADMIN_TOKEN="
                                + admin
                                + " VPSGUARD_POLICIES_DIR='"
                                + policyDir
                                + "' '"
                                + Path.of(System.getProperty("java.home"), "bin", "java")
                                + "' -Xmx256m "
                                + jvmArgs
                                + " -jar '"
                                + SERVER_JAR
                                + "'");
        LabPoll.until(
                Duration.ofSeconds(120),
                () -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("server exited:\n" + process.output());
                    }
                    return call("GET", "/health", null).status() == 200;
                },
                () -> "the server's /health; server log:\n" + process.output());
    }

    /** The bundled default policy under another contract name, with these minimum durations. */
    static String defaultPolicyAs(String contract, String... minDurations) throws IOException {
        try (InputStream in = LabServer.class.getResourceAsStream("/policies/default.yml")) {
            assertThat(in).as("the server's bundled default.yml on the classpath").isNotNull();
            String yml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String[] defaults = {"1h", "24h", "7d"};
            yml = yml.replace("contract: default", "contract: " + contract);
            for (int i = 0; i < defaults.length; i++) {
                yml =
                        yml.replace(
                                "min_duration: " + defaults[i], "min_duration: " + minDurations[i]);
            }
            return yml;
        }
    }

    LabProcess process() {
        return process;
    }

    /**
     * Creates a host, enrolls {@code agent} with it, starts the agent and waits until the server
     * knows {@code guests} guests; returns vmid to the server's guest id.
     */
    java.util.Map<Integer, String> enrollAndStart(LabAgent agent, int guests) {
        JsonNode host = call("POST", "/api/v1/hosts", "{\"name\":\"lab-pve\"}").json();
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
        String path = "/api/v1/hosts/" + host.get("hostId").asText();
        hostPath = path;
        LabPoll.until(
                Duration.ofSeconds(60),
                () -> call("GET", path, null).json().get("guests").size() >= guests,
                () -> "the agent's first report; agent log:\n" + agent.agent().output());
        java.util.Map<Integer, String> ids = new java.util.TreeMap<>();
        for (JsonNode g : call("GET", path, null).json().get("guests")) {
            ids.put(g.get("vmid").asInt(), g.get("id").asText());
        }
        return ids;
    }

    /** The seq of the last report the server stored from the lab's host. */
    long lastSeq() {
        return call("GET", hostPath, null).json().get("host").get("lastSeq").asLong();
    }

    /** Creates a tenant on {@code contract} and assigns these guests to it. */
    void assign(String contract, java.util.Collection<String> guestIds) {
        Response tenant =
                call(
                        "POST",
                        "/api/v1/tenants",
                        "{\"id\":\"lab-"
                                + contract
                                + "\",\"name\":\"Lab customer\","
                                + "\"contactEmail\":\"ops@example.test\",\"language\":\"en\","
                                + "\"contract\":\""
                                + contract
                                + "\"}");
        assertThat(tenant.status()).as("tenant: %s", tenant.body()).isEqualTo(201);
        for (String guestId : guestIds) {
            Response assigned =
                    call(
                            "PUT",
                            "/api/v1/guests/" + guestId + "/tenant",
                            "{\"tenantId\":\"" + tenant.json().get("id").asText() + "\"}");
            assertThat(assigned.status()).as("assign: %s", assigned.body()).isBetween(200, 204);
        }
    }

    /** The guest's active block, or null. */
    JsonNode activeBlock(String guestId) {
        for (JsonNode b : call("GET", "/api/v1/blocks?state=active", null).json()) {
            if (guestId.equals(b.get("guestId").asText())) {
                return b;
            }
        }
        return null;
    }

    /** An operator's unblock request on the customer's behalf; the outcome. */
    JsonNode requestUnblock(JsonNode block) {
        Response r =
                call(
                        "POST",
                        "/api/v1/blocks/" + block.get("id").asText() + "/unblock-requests",
                        "{\"channel\":\"operator\",\"reason\":\"customer fixed the"
                                + " compromised account\"}");
        assertThat(r.status()).as("unblock request: %s", r.body()).isEqualTo(201);
        return r.json();
    }

    /** An API answer. */
    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** One API call with curl inside {@code hv}, as the bootstrap admin. */
    Response call(String method, String path, String body) {
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
                                "Authorization: Bearer " + admin,
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
