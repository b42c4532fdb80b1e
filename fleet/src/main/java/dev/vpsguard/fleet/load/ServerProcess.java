package dev.vpsguard.fleet.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's built jar as a child process on a loopback port, as the packages run it, with the
 * database and JVM settings of the run. Stopped by its own pid (SIGTERM, then SIGKILL).
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    final URI url;

    private ServerProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /**
     * @param jvmFlags e.g. {@code -Xms1g -Xmx1g}
     * @param env the server's settings (port, admin token, datasource)
     */
    static ServerProcess start(
            Path jar, Path dir, List<String> jvmFlags, Map<String, String> env, int port)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        ProcessBuilder b = new ProcessBuilder(cmd).directory(dir.toFile());
        b.environment().putAll(env);
        b.redirectErrorStream(true);
        b.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
        return new ServerProcess(b.start(), URI.create("http://127.0.0.1:" + port));
    }

    long pid() {
        return process.pid();
    }

    /** Waits for {@code /health} to answer 200. */
    void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "the server exited with " + process.exitValue() + " (see server.log)");
            }
            try {
                HttpResponse<Void> r =
                        http.send(
                                HttpRequest.newBuilder(url.resolve("/health")).build(),
                                HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250); // polling a starting process; nothing is proven by this wait
        }
        throw new IOException("the server's /health did not answer 200 within " + timeout);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
