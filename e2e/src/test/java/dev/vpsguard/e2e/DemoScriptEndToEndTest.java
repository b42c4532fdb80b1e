package dev.vpsguard.e2e;

import static dev.vpsguard.e2e.Processes.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.testing.Await;
import dev.vpsguard.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a newcomer meets it: {@code scripts/demo.sh --static} (the non-root
 * demo: static inventory, the agent replaying the recorded lab capture) on the artefacts this build
 * produced ({@code --no-build}: the reactor has just built them). The demo driver runs from the lab
 * module's jar ({@code lab/target/vpsguard-lab.jar}), whose project classes must be this build's,
 * never a project artefact from a local Maven repository: a fresh machine has none.
 *
 * <p>It runs for 45 s ({@code --for 45}): the spam bot (guest 101) is found about 20 to 26 s into a
 * pass, and the customer's mail and support's webhook follow within seconds, so 45 s leave room
 * without the test idling until a minute is up (it did, for half a minute); the test waits for its
 * block through the API, the customer's mail in the demo's mail catcher (GreenMail, through its own
 * API) and support's webhook (delivered according to the server's API, and printed by the demo's
 * receiver). Meanwhile it reads both {@code /metrics} endpoints and checks every metric the Grafana
 * dashboard and the alert rules name ({@link MonitoringFiles}). Then the demo stops by itself;
 * every process it started must be gone and the server must have stopped without H2 complaining.
 */
class DemoScriptEndToEndTest {
    @TempDir Path dir;

    @Test
    void staticDemoFromTheBuiltArtefactsBlocksTheSpamBotThroughTheApi() throws Exception {
        Path labJar = ROOT.resolve("lab/target/vpsguard-lab.jar");
        try (JarFile jar = new JarFile(labJar.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .as("the lab jar runs the demo driver")
                    .isEqualTo("dev.vpsguard.lab.LabDemo");
            String protocolClass = "dev/vpsguard/protocol/ProtocolJson.class";
            JarEntry bundled = jar.getJarEntry(protocolClass);
            assertThat(bundled).as("the lab jar carries the protocol classes").isNotNull();
            try (InputStream in = jar.getInputStream(bundled)) {
                assertThat(in.readAllBytes())
                        .as("the driver's project classes come from this build, not from ~/.m2")
                        .isEqualTo(
                                Files.readAllBytes(
                                        ROOT.resolve("protocol/target/classes/" + protocolClass)));
            }
        }

        int port = FreePorts.loopback();
        Path demoDir = dir.resolve("demo");
        Path out = dir.resolve("demo.out");
        ProcessBuilder pb =
                new ProcessBuilder(
                                "bash",
                                ROOT.resolve("scripts/demo.sh").toString(),
                                "--static",
                                "--no-build",
                                "--for",
                                "45")
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile());
        pb.environment().put("VPSGUARD_DEMO_DIR", demoDir.toString());
        pb.environment().put("VPSGUARD_DEMO_PORT", Integer.toString(port));
        int agentMetricsPort = FreePorts.loopback();
        int mailApiPort = FreePorts.loopback();
        pb.environment()
                .put("VPSGUARD_DEMO_AGENT_METRICS_PORT", Integer.toString(agentMetricsPort));
        pb.environment().put("VPSGUARD_DEMO_MAIL_PORT", Integer.toString(FreePorts.loopback()));
        pb.environment().put("VPSGUARD_DEMO_MAIL_API_PORT", Integer.toString(mailApiPort));
        pb.environment().put("VPSGUARD_DEMO_WEBHOOK_PORT", Integer.toString(FreePorts.loopback()));
        pb.environment()
                .put(
                        "PATH",
                        Path.of(System.getProperty("java.home"), "bin")
                                + ":"
                                + System.getenv("PATH"));
        Process demo = pb.start();
        try {
            Path tokenFile = demoDir.resolve("admin-token");
            Await.until(
                    "the demo's banner",
                    Duration.ofSeconds(90),
                    () -> demo.isAlive() && read(out).contains("vpsguard is running"));
            Http api = new Http("http://127.0.0.1:" + port, Files.readString(tokenFile).strip());
            Instant started = Instant.now();
            AtomicReference<JsonNode> block = new AtomicReference<>();
            Await.until(
                    "a block through the API (the bot is found ~20 s into a pass)",
                    Duration.ofSeconds(100),
                    () -> {
                        assertThat(demo.isAlive())
                                .as("the demo runs; output:\n%s", read(out))
                                .isTrue();
                        JsonNode active = get(api, "/api/v1/blocks?state=active");
                        if (active != null && active.size() > 0) {
                            block.set(active.get(0));
                        }
                        return block.get() != null;
                    });
            JsonNode guest = api.getJson("/api/v1/guests/" + block.get().get("guestId").asText());
            assertThat(guest.path("guest").path("vmid").asInt())
                    .as("only the spam bot is blocked: %s", guest)
                    .isEqualTo(101);
            assertThat(block.get().get("strike").asInt()).isEqualTo(1);
            Await.until(
                    "the demo's own line about the block",
                    Duration.ofSeconds(15),
                    () -> read(out).contains("guest 101 blocked, strike 1"));
            System.out.printf(
                    "demo: first block %d s after the banner%n",
                    Duration.between(started, Instant.now()).toSeconds());

            // The customer's mail, in the mail catcher the demo started.
            Http catcher = new Http("http://127.0.0.1:" + mailApiPort, null);
            AtomicReference<JsonNode> mails = new AtomicReference<>();
            Await.until(
                    "a mail for customer@example.test in the demo's mail catcher",
                    Duration.ofSeconds(30),
                    () -> {
                        mails.set(get(catcher, "/api/user/customer@example.test/messages/"));
                        return mails.get() != null && mails.get().size() > 0;
                    });
            assertThat(mails.get().get(0).toString()).contains("101");
            // Support's webhook, delivered: through the API, and as the receiver printed it.
            Await.until(
                    "a delivered block_created webhook through the API",
                    Duration.ofSeconds(30),
                    () -> delivered(api, "webhook:support", "block_created"));
            assertThat(delivered(api, "mail", "block_created")).isTrue();
            Await.until(
                    "the demo's receiver printing the webhook",
                    Duration.ofSeconds(15),
                    () -> read(out).contains("support webhook: block_created guest 101"));

            // A report with a credential the server does not know: refused, and counted by reason.
            HttpResponse<String> refused =
                    new Http("http://127.0.0.1:" + port, "not-a-credential")
                            .post("/api/v1/reports", "{}");
            assertThat(refused.statusCode()).isEqualTo(401);
            MonitoringFiles.assertEveryMetricIsExported(
                    api.get("/metrics").body(),
                    new Http("http://127.0.0.1:" + agentMetricsPort, null).get("/metrics").body());

            // --for 45: the demo stops by itself, with everything it started.
            assertThat(demo.waitFor(120, TimeUnit.SECONDS)).as(read(out)).isTrue();
            assertThat(demo.exitValue()).as(read(out)).isZero();
        } finally {
            List<ProcessHandle> children = demo.descendants().toList();
            demo.destroy(); // SIGTERM, as Ctrl-C, when the test failed before the demo's end
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.descendants().forEach(ProcessHandle::destroyForcibly);
                demo.destroyForcibly();
            }
            assertThat(children)
                    .as("the script ends every process it started")
                    .noneMatch(ProcessHandle::isAlive);
        }
        String output = read(out);
        assertThat(output)
                .contains("guest 101 blocked, strike 1")
                .contains("guest 101 ")
                .contains("/metrics")
                .contains("Stops by itself after 45 s; Ctrl-C stops it sooner.")
                .contains("45 s are up; stopping")
                .contains("/console/login   user admin, password ")
                .contains("/api/user/customer@example.test/messages/")
                .doesNotContain("\u001b[")
                .doesNotContain("demo: failed");
        assertThat(read(demoDir.resolve("server.log")))
                .contains("shutting down")
                .doesNotContain("Database is already closed");
    }

    /** Whether the API lists a delivered notification of {@code type} on {@code channel}. */
    private static boolean delivered(Http api, String channel, String type) {
        JsonNode list = get(api, "/api/v1/notifications?state=delivered");
        if (list == null) {
            return false;
        }
        for (JsonNode n : list) {
            if (channel.equals(n.path("channel").asText())
                    && type.equals(n.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode get(Http api, String path) {
        try {
            return api.getJson(path);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
