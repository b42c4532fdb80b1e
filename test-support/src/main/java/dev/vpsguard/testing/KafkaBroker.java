package dev.vpsguard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker in KRaft mode (one process, broker and controller), from the Maven Central
 * artifacts on the test classpath: its storage formatted in this JVM (the {@code kafka-storage
 * format} tool), then started as a child JVM ({@code kafka.Kafka}, what {@code
 * kafka-server-start.sh} runs) on loopback ports, and killed by pid at the end.
 *
 * <p>The Kafka artifacts are a {@code provided} dependency of this module: a module whose tests
 * start a broker declares {@code org.apache.kafka:kafka_2.13} in its test scope (the child JVM runs
 * on that module's test classpath).
 */
public final class KafkaBroker implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final String bootstrap;

    private KafkaBroker(Process process, Path dir, String bootstrap) {
        this.process = process;
        this.dir = dir;
        this.bootstrap = bootstrap;
    }

    public static KafkaBroker start(Path dir) throws IOException {
        int port = FreePorts.loopback();
        int controller = FreePorts.loopback();
        Path config = dir.resolve("server.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + controller,
                        "listeners=PLAINTEXT://127.0.0.1:"
                                + port
                                + ",CONTROLLER://127.0.0.1:"
                                + controller,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=PLAINTEXT",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "log.dirs=" + dir.resolve("data"),
                        "offsets.topic.replication.factor=1",
                        "offsets.topic.num.partitions=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        // A node that joins or leaves is placed at once, not after 3 s.
                        "group.initial.rebalance.delay.ms=0",
                        "group.min.session.timeout.ms=1000",
                        "auto.create.topics.enable=false",
                        "num.network.threads=1",
                        "num.io.threads=2",
                        "background.threads=2",
                        ""));
        format(config);
        List<String> command =
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "kafka.Kafka",
                        config.toString());
        Process p =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("broker.log").toFile())
                        .start();
        KafkaBroker broker = new KafkaBroker(p, dir, "127.0.0.1:" + port);
        try {
            broker.awaitReady();
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** {@code kafka-storage format -t <new cluster id> -c <config>}, in this JVM. */
    private static void format(Path config) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status =
                kafka.tools.StorageTool.execute(
                        new String[] {
                            "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException(
                    "kafka-storage format failed: " + out.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady() {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            Await.until(
                    () -> "the broker to answer on " + bootstrap + "; its log:\n" + log(),
                    Duration.ofSeconds(60),
                    () -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("the broker exited:\n" + log());
                        }
                        try {
                            return !admin.describeCluster()
                                    .nodes()
                                    .get(3, TimeUnit.SECONDS)
                                    .isEmpty();
                        } catch (Exception e) {
                            return false;
                        }
                    });
        }
    }

    /** {@code 127.0.0.1:port} of its PLAINTEXT listener. */
    public String bootstrap() {
        return bootstrap;
    }

    /** What the broker printed so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("broker.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        // By pid, as `kill` would: SIGTERM, then SIGKILL if it lingers.
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        }
    }
}
