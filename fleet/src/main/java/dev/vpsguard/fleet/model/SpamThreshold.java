package dev.vpsguard.fleet.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The part of the server's spam policy the ground truth needs: how many storm windows in a row
 * cross the threshold, and the failure-ratio rule the bots' storms are built to exceed. Read from
 * the same policy file the server runs with ({@code policies/default.yml}, bundled in the server),
 * so the simulator's idea of "crossed" follows the policy rather than a copy of its numbers.
 *
 * @param consecutiveWindows storm windows in a row before a block ({@code
 *     spam.consecutive_windows})
 * @param minNewConnections connections over 10 minutes before any rule runs
 * @param maxFailureRatio above this failure ratio the blocking rule fires
 * @param failureMinConnections connections over 10 minutes the failure-ratio rule needs
 * @param burstPerMinute volume finding (no block) above this many connections a minute
 */
public record SpamThreshold(
        int consecutiveWindows,
        long minNewConnections,
        double maxFailureRatio,
        long failureMinConnections,
        double burstPerMinute) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public SpamThreshold {
        if (consecutiveWindows < 1) {
            throw new IllegalArgumentException("spam.consecutive_windows must be at least 1");
        }
    }

    /** Reads the spam section of a policy file. */
    public static SpamThreshold read(InputStream policyYaml, String name) {
        JsonNode spam;
        try {
            spam = YAML.readTree(policyYaml).path("spam");
        } catch (IOException e) {
            throw new UncheckedIOException("policy " + name + " is not valid YAML", e);
        }
        return new SpamThreshold(
                required(spam, "consecutive_windows", name).asInt(),
                required(spam, "min_new_connections", name).asLong(),
                required(spam.path("failure_ratio"), "max_ratio", name).asDouble(),
                required(spam.path("failure_ratio"), "min_connections", name).asLong(),
                required(spam.path("burst"), "new_connections_per_minute", name).asDouble());
    }

    /** Reads a policy file on disk. */
    public static SpamThreshold read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy " + file, e);
        }
    }

    /**
     * The policy the server jar bundles as its default ({@code policies/default.yml}), read from
     * the jar itself.
     */
    public static SpamThreshold fromServerJar(Path serverJar) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(serverJar.toFile())) {
            java.util.zip.ZipEntry e = zip.getEntry("policies/default.yml");
            if (e == null) {
                throw new IllegalArgumentException(serverJar + " holds no policies/default.yml");
            }
            try (InputStream in = zip.getInputStream(e)) {
                return read(in, serverJar + "!/policies/default.yml");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + serverJar, e);
        }
    }

    private static JsonNode required(JsonNode node, String key, String name) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("policy " + name + " lacks spam key " + key);
        }
        return v;
    }
}
