package dev.vpsguard.e2e;

import static dev.vpsguard.e2e.Processes.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.testing.Await;
import dev.vpsguard.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
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
 * <p>The spam bot (guest 101) is found about 20 s into a pass; the test waits for its block through
 * the API, then stops the script as Ctrl-C would (SIGTERM to the script) and checks that every
 * process it started is gone and that the server stopped without H2 complaining.
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
                                "150")
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile());
        pb.environment().put("VPSGUARD_DEMO_DIR", demoDir.toString());
        pb.environment().put("VPSGUARD_DEMO_PORT", Integer.toString(port));
        pb.environment()
                .put("VPSGUARD_DEMO_AGENT_METRICS_PORT", Integer.toString(FreePorts.loopback()));
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
        } finally {
            List<ProcessHandle> children = demo.descendants().toList();
            demo.destroy(); // SIGTERM, as Ctrl-C: the script stops what it started
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
                .contains("Stops by itself after 150 s; Ctrl-C stops it sooner.")
                .doesNotContain("\u001b[")
                .doesNotContain("demo: failed");
        assertThat(read(demoDir.resolve("server.log")))
                .contains("shutting down")
                .doesNotContain("Database is already closed");
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
