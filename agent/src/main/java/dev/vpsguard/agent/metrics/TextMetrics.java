package dev.vpsguard.agent.metrics;

/**
 * Metrics that write themselves in the Prometheus text format (0.0.4), each family with its {@code
 * # HELP} and {@code # TYPE} lines, appended after the registry's on {@code /metrics}.
 */
public interface TextMetrics {
    /** Appends the current samples. Called on a scrape's thread. */
    void writeTo(StringBuilder out);
}
