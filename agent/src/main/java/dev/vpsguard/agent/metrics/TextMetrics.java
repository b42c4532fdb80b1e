package dev.vpsguard.agent.metrics;

/**
 * Metrics that write themselves in the Prometheus text format (0.0.4), each family with its {@code
 * # HELP} and {@code # TYPE} lines, appended after the registry's on {@code /metrics}.
 */
public interface TextMetrics {
    /**
     * The current samples as UTF-8 text. Called on a scrape's thread; the array is shared by every
     * scrape until the samples change, so callers must not modify it.
     */
    byte[] exposition();
}
