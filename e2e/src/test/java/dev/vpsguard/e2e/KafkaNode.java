package dev.vpsguard.e2e;

import dev.vpsguard.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server node in Kafka mode: the packaged jar as a child process on a loopback port, its own
 * directory and log, the shared database and broker.
 */
final class KafkaNode {
    /**
     * What {@code PartitionMemory} logs when partitions arrive: {@code Partitions [0, 2] assigned}.
     */
    private static final Pattern ASSIGNED = Pattern.compile("Partitions \\[([0-9, ]*)\\] assigned");

    final String name;
    final Process process;
    final URI url;
    final Path log;
    private final Http admin;

    private KafkaNode(String name, Process process, URI url, Path log, Http admin) {
        this.name = name;
        this.process = process;
        this.url = url;
        this.log = log;
        this.admin = admin;
    }

    /**
     * Starts node {@code name} in {@code dir}/{@code name} with {@code settings} (YAML under {@code
     * vpsguard:}) and the environment {@code env} (datasource, admin token).
     */
    static KafkaNode start(
            Processes processes,
            Path dir,
            String name,
            String settings,
            Map<String, String> env,
            String adminToken)
            throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Path config = home.resolve("kafka.yml");
        Files.writeString(config, settings);
        int port = FreePorts.loopback();
        Map<String, String> all = new HashMap<>(env);
        all.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        all.put("MICRONAUT_CONFIG_FILES", config.toString());
        Path log = home.resolve("server.log");
        Process p = processes.java(Processes.SERVER_JAR, home, log, all);
        URI url = URI.create("http://127.0.0.1:" + port);
        return new KafkaNode(name, p, url, log, new Http(url.toString(), adminToken));
    }

    boolean healthy() {
        if (!process.isAlive()) {
            throw new AssertionError("node " + name + " exited; its log:\n" + log(0));
        }
        return admin.ok("/health");
    }

    /** {@code vpsguard_kafka_partitions_owned} on /metrics; -1 when it does not answer. */
    double partitionsOwned() {
        try {
            return Http.metric(admin.get("/metrics").body(), "vpsguard_kafka_partitions_owned");
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Its log from byte {@code from} on. */
    String log(long from) {
        try {
            byte[] all = Files.readAllBytes(log);
            int start = (int) Math.min(from, all.length);
            return new String(all, start, all.length - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long logSize() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The partitions the node logged as assigned to it from byte {@code from} of its log on. */
    TreeSet<Integer> assignedSince(long from) {
        TreeSet<Integer> out = new TreeSet<>();
        Matcher m = ASSIGNED.matcher(log(from));
        while (m.find()) {
            for (String p : m.group(1).split(",")) {
                if (!p.isBlank()) {
                    out.add(Integer.parseInt(p.strip()));
                }
            }
        }
        return out;
    }
}
