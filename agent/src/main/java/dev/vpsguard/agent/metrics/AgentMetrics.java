package dev.vpsguard.agent.metrics;

import dev.vpsguard.protocol.ProtocolJson;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;

/**
 * The agent's own health metrics, registered on one registry.
 *
 * <p>No {@code vpsguard_agent_up}: Prometheus's own {@code up} says whether the agent answers. The
 * agent's version is on {@code vpsguard_agent_build_info}.
 *
 * <pre>
 * vpsguard_agent_build_info{version="0.1.0",protocol="1",} 1.0
 * vpsguard_agent_seq 1234.0
 * vpsguard_agent_last_success_timestamp_seconds 1.7e9
 * vpsguard_agent_report_latency_seconds_bucket{le="0.05",} 12.0
 * vpsguard_agent_spool_reports 0.0
 * vpsguard_agent_spool_bytes 0.0
 * vpsguard_agent_spool_dropped_reports_total 0.0
 * vpsguard_agent_spool_syncs_total 0.0
 * vpsguard_agent_reports_rejected_total 0.0
 * vpsguard_agent_report_replies_unexpected_total{reply="duplicate",} 1.0
 * vpsguard_agent_rejected_reports_pruned_total 0.0
 * vpsguard_agent_reports_sent_total 1234.0
 * vpsguard_agent_report_failures_total{reason="unreachable",} 3.0
 * </pre>
 */
public final class AgentMetrics {
    public final Gauge buildInfo;
    public final Gauge seq;
    public final Gauge lastSuccess;
    public final Histogram latency;
    public final Gauge spoolReports;
    public final Gauge spoolBytes;
    public final Counter spoolDropped;
    public final Counter spoolSyncs;
    public final Counter rejected;
    public final Counter unexpectedReplies;
    public final Counter rejectedPruned;
    public final Counter sent;
    public final Counter failures;

    /** Registers the metrics, with the version of the agent's jar ({@code dev} from classes). */
    public AgentMetrics(CollectorRegistry registry) {
        this(registry, jarVersion());
    }

    /**
     * @param version the agent's version, on {@code vpsguard_agent_build_info}
     */
    public AgentMetrics(CollectorRegistry registry, String version) {
        buildInfo =
                Gauge.build(
                                "vpsguard_agent_build_info",
                                "Always 1; the agent's version and wire protocol version.")
                        .labelNames("version", "protocol")
                        .register(registry);
        buildInfo.labels(version, String.valueOf(ProtocolJson.VERSION)).set(1);
        seq = Gauge.build("vpsguard_agent_seq", "Seq of the last report built.").register(registry);
        lastSuccess =
                Gauge.build(
                                "vpsguard_agent_last_success_timestamp_seconds",
                                "When the server last accepted a report, Unix seconds.")
                        .register(registry);
        latency =
                Histogram.build(
                                "vpsguard_agent_report_latency_seconds",
                                "Time from sending a report to the server's answer, seconds.")
                        .buckets(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                        .register(registry);
        spoolReports =
                Gauge.build("vpsguard_agent_spool_reports", "Reports waiting in the spool.")
                        .register(registry);
        spoolBytes =
                Gauge.build("vpsguard_agent_spool_bytes", "Bytes the spooled reports take on disk.")
                        .register(registry);
        spoolDropped =
                Counter.build(
                                "vpsguard_agent_spool_dropped_reports_total",
                                "Oldest spooled reports deleted unsent because the spool was full.")
                        .register(registry);
        spoolSyncs =
                Counter.build(
                                "vpsguard_agent_spool_syncs_total",
                                "Times reports the server had not taken within their cycle were"
                                        + " fsynced to the spool.")
                        .register(registry);
        rejected =
                Counter.build(
                                "vpsguard_agent_reports_rejected_total",
                                "Reports the server refused as invalid (4xx); kept in"
                                        + " spool/rejected.")
                        .register(registry);
        unexpectedReplies =
                Counter.build(
                                "vpsguard_agent_report_replies_unexpected_total",
                                "Server replies other than 'stored', by kind: duplicate (the"
                                        + " server had the report already), refused (4xx),"
                                        + " unreadable (2xx without a valid reply), seq_mismatch.")
                        .labelNames("reply")
                        .register(registry);
        rejectedPruned =
                Counter.build(
                                "vpsguard_agent_rejected_reports_pruned_total",
                                "Set-aside reports deleted from spool/rejected beyond"
                                        + " spool.maxRejected (each logged).")
                        .register(registry);
        sent =
                Counter.build("vpsguard_agent_reports_sent_total", "Reports the server accepted.")
                        .register(registry);
        failures =
                Counter.build(
                                "vpsguard_agent_report_failures_total",
                                "Send attempts that failed and will be retried, by reason.")
                        .labelNames("reason")
                        .register(registry);
    }

    private static String jarVersion() {
        String v = AgentMetrics.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
