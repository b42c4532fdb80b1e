package dev.vpsguard.lab;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a traffic client saw, from its own side: {@link LabTrafficGenerator}'s result file, or the
 * tally of swaks runs.
 *
 * @param attempted connections started
 * @param accepted connections that completed the TCP handshake
 * @param refused connections answered with RST
 * @param unreplied connections whose SYNs got no answer within the connect timeout
 * @param failed connections that failed any other way (see {@code firstError})
 * @param elapsedMillis wall time of the whole run, milliseconds
 * @param stoppedEarly whether the time bound cut the plan short
 * @param acceptedPerEndpoint accepted connections per {@code ip:port}
 * @param firstError the first unexpected error, or empty
 */
public record GeneratorResult(
        long attempted,
        long accepted,
        long refused,
        long unreplied,
        long failed,
        long elapsedMillis,
        boolean stoppedEarly,
        Map<String, Long> acceptedPerEndpoint,
        String firstError) {
    public GeneratorResult {
        acceptedPerEndpoint = Map.copyOf(acceptedPerEndpoint);
    }

    /**
     * Parses the generator's properties file.
     *
     * @throws IllegalArgumentException when a counter is missing or not a number
     */
    public static GeneratorResult parse(String properties) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(properties));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Long> per = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("accepted.")) {
                per.put(k.substring("accepted.".length()), number(p, k));
            }
        }
        return new GeneratorResult(
                number(p, "attempted"),
                number(p, "accepted"),
                number(p, "refused"),
                number(p, "unreplied"),
                number(p, "failed"),
                number(p, "elapsedMillis"),
                Boolean.parseBoolean(p.getProperty("stoppedEarly")),
                per,
                p.getProperty("firstError", ""));
    }

    private static long number(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("generator result lacks " + key);
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("generator result " + key + "=" + v, e);
        }
    }

    /** Connections started per second over the whole run. */
    public double connectionsPerSecond() {
        return elapsedMillis == 0 ? 0 : attempted * 1000.0 / elapsedMillis;
    }
}
