package dev.vpsguard.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts the packaged jars as real child processes, and ends only those, by pid. */
final class Processes implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Path SERVER_JAR = ROOT.resolve("server/target/vpsguard-server.jar");
    static final Path AGENT_JAR = ROOT.resolve("agent/target/vpsguard-agent.jar");
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final List<Process> started = new ArrayList<>();

    /** Runs {@code java -jar jar args} in {@code dir}, output appended to {@code log}. */
    Process java(Path jar, Path dir, Path log, Map<String, String> env, String... args)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: run the tests through `mvn verify` (package runs first)");
        }
        // C1 and the serial collector, as the lab's JVMs: these processes live a minute, where
        // C2's and G1's threads cost the suite's two cores more CPU than they win back.
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                JAVA,
                                "-Xmx256m",
                                "-XX:TieredStopAtLevel=1",
                                "-XX:+UseSerialGC",
                                "-jar",
                                jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** SIGTERM, then SIGKILL after 20 s; returns the exit code. */
    static int stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        return p.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                stop(p);
            }
        }
    }
}
