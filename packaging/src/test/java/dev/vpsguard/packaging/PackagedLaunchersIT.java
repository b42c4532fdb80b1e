package dev.vpsguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs what the packages ship, unpacked with {@code dpkg-deb -x} into a temporary directory (not
 * installed: no dpkg database, no maintainer scripts): each launcher, with the one path it
 * hard-codes moved into that directory, and the server with its packaged {@code server.yml}.
 */
class PackagedLaunchersIT {
    private static final Path DEB_DIR = Path.of(System.getProperty("vpsguard.debDir", "target"));

    @TempDir Path root;

    @Test
    void theAgentLauncherRunsThePackagedJar() throws Exception {
        unpack("vpsguard-agent");
        Path launcher = relocatedLauncher("vpsguard-agent");
        Tools.Result r = Tools.run(List.of("sh", launcher.toString(), "version"), "");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("0.1.0");
    }

    @Test
    void theServerStartsFromItsLauncherWithThePackagedConfigAndAnswersHealth() throws Exception {
        unpack("vpsguard-server");
        Path launcher = relocatedLauncher("vpsguard-server");
        Path data = Files.createDirectories(root.resolve("var/lib/vpsguard-server"));
        Path config = root.resolve("etc/vpsguard/server.yml");
        Files.writeString(
                config,
                Files.readString(config).replace("/var/lib/vpsguard-server", data.toString()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb =
                new ProcessBuilder("sh", launcher.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(root.resolve("server.log").toFile());
        pb.environment().put("VPSGUARD_SERVER_CONFIG", config.toString());
        pb.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        Process server = pb.start();
        try {
            int status = awaitHealth(port, server);
            assertThat(status).as(log()).isEqualTo(200);
            // The packaged config put the H2 file where the package's state directory would be.
            try (Stream<Path> files = Files.list(data)) {
                assertThat(files.map(p -> p.getFileName().toString())).contains("vpsguard.mv.db");
            }
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private int awaitHealth(int port, Process server) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            assertThat(server.isAlive()).as("the server exited:\n" + log()).isTrue();
            try {
                return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException notYet) {
                Thread.sleep(250); // polling for presence: the server is not listening yet
            }
        }
        throw new AssertionError("no /health answer in 180 s:\n" + log());
    }

    private String log() {
        try {
            return Files.readString(root.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void unpack(String pkg) throws Exception {
        Path deb = Tools.deb(DEB_DIR, pkg);
        Tools.Result r = Tools.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), "");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    /** The packaged launcher, its jar path moved under the temporary root. */
    private Path relocatedLauncher(String name) throws IOException {
        Path launcher = root.resolve("usr/bin").resolve(name);
        String text = Files.readString(launcher);
        assertThat(text).contains("/usr/share/vpsguard/" + name + ".jar");
        Files.writeString(
                launcher,
                text.replace("/usr/share/vpsguard/", root.resolve("usr/share/vpsguard") + "/"));
        return launcher;
    }
}
