package dev.vpsguard.agent.smtp;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Per-guest SMTP counters since the agent started, read from {@link SmtpWindowAggregator#totals()}
 * at scrape time. Counts only, labelled by vmid ({@code unattributed} for flows of no known guest):
 *
 * <pre>
 * vpsguard_agent_smtp_new_connections_total{vmid="101"} 42.0
 * vpsguard_agent_smtp_unreplied_total{vmid="101"} 3.0
 * vpsguard_agent_smtp_reset_or_refused_total{vmid="101"} 1.0
 * vpsguard_agent_smtp_established_total{vmid="101"} 38.0
 * vpsguard_agent_smtp_sent_bytes_total{vmid="101"} 91234.0
 * </pre>
 */
public final class SmtpMetricsCollector extends Collector {
    private static final List<String> LABELS = List.of("vmid");
    private final Supplier<Map<Integer, SmtpTotals>> totals;

    public SmtpMetricsCollector(SmtpWindowAggregator aggregator) {
        this(aggregator::totals);
    }

    /** The test seam: any source of totals. */
    SmtpMetricsCollector(Supplier<Map<Integer, SmtpTotals>> totals) {
        this.totals = Objects.requireNonNull(totals, "totals");
    }

    @Override
    public List<MetricFamilySamples> collect() {
        CounterMetricFamily connections =
                new CounterMetricFamily(
                        "vpsguard_agent_smtp_new_connections", "New port-25 connections.", LABELS);
        CounterMetricFamily unreplied =
                new CounterMetricFamily(
                        "vpsguard_agent_smtp_unreplied",
                        "Port-25 connections that never got a reply.",
                        LABELS);
        CounterMetricFamily reset =
                new CounterMetricFamily(
                        "vpsguard_agent_smtp_reset_or_refused",
                        "Port-25 connections ended by an RST.",
                        LABELS);
        CounterMetricFamily established =
                new CounterMetricFamily(
                        "vpsguard_agent_smtp_established",
                        "Port-25 connections that were established.",
                        LABELS);
        CounterMetricFamily bytes =
                new CounterMetricFamily(
                        "vpsguard_agent_smtp_sent_bytes",
                        "Bytes sent on ended port-25 connections (conntrack accounting), bytes.",
                        LABELS);
        totals.get()
                .forEach(
                        (vmid, t) -> {
                            List<String> label =
                                    List.of(
                                            vmid == SourceAttribution.UNATTRIBUTED
                                                    ? "unattributed"
                                                    : vmid.toString());
                            connections.addMetric(label, t.newConnections());
                            unreplied.addMetric(label, t.unreplied());
                            reset.addMetric(label, t.resetOrRefused());
                            established.addMetric(label, t.established());
                            bytes.addMetric(label, t.bytesSent());
                        });
        return List.of(connections, unreplied, reset, established, bytes);
    }
}
