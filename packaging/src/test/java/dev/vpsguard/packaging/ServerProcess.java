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
import java.util.Map;

/** A server started from a packaged launcher, its output in a log file. */
final class ServerProcess implements AutoCloseable {
    final int port;
    private final Process process;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServerProcess(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code cmd} with {@code env} added and MICRONAUT_SERVER_PORT set to a free port. */
    static ServerProcess start(List<String> cmd, Map<String, String> env, Path dir, Path log)
            throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        return new ServerProcess(port, pb.start(), log);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Waits until {@code /health} answers; returns its status. */
    int awaitHealth() throws Exception {
        HttpRequest req =
                HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("the server exited:\n" + log()).isTrue();
            try {
                return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException notYet) {
                Thread.sleep(250); // polling for presence: the server is not listening yet
            }
        }
        throw new AssertionError("no /health answer in 180 s:\n" + log());
    }

    /** POSTs JSON with a bearer token; returns status and body. */
    HttpResponse<String> post(String path, String token, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then waits for the end (the launchers exec java, so this is the JVM). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
