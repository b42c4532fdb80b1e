package dev.vpsguard.server.ingest;

import io.micronaut.context.annotation.Context;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;

/**
 * Ingest counters. Sample output:
 *
 * <pre>
 * vpsguard_reports_ingested_total 1520.0
 * vpsguard_reports_duplicate_total 3.0
 * vpsguard_reports_rejected_total{reason="invalid_field"} 2.0
 * vpsguard_report_seq_gaps_total 1.0
 * vpsguard_report_seqs_missed_total 12.0
 * vpsguard_report_seq_restarts_total 1.0
 * vpsguard_report_seq_refused_total 0.0
 * vpsguard_report_agent_instances_new_total 4.0
 * vpsguard_report_ingest_seconds_bucket{le="0.005"} 1400.0
 * </pre>
 */
// @Context: registered at startup, so a scrape shows the counters at 0 before the first report.
@Context
public class IngestMetrics {
    final Counter ingested;
    final Counter duplicates;
    final Counter rejected;
    final Counter seqGaps;
    final Counter seqsMissed;
    final Counter seqRestarts;
    final Counter seqRefused;
    final Counter newInstances;
    final Counter deltas;
    final Counter fullRequested;
    final Histogram latency;

    public IngestMetrics(CollectorRegistry registry) {
        ingested =
                Counter.build("vpsguard_reports_ingested_total", "Reports stored.")
                        .register(registry);
        duplicates =
                Counter.build(
                                "vpsguard_reports_duplicate_total",
                                "Reports the server had stored already (same agent instance, seq"
                                        + " and body); nothing changed.")
                        .register(registry);
        rejected =
                Counter.build("vpsguard_reports_rejected_total", "Reports refused, by error code.")
                        .labelNames("reason")
                        .register(registry);
        seqGaps =
                Counter.build(
                                "vpsguard_report_seq_gaps_total",
                                "Reports whose seq skipped ahead of the last stored one.")
                        .register(registry);
        seqsMissed =
                Counter.build(
                                "vpsguard_report_seqs_missed_total",
                                "Seqs skipped in those gaps (reports the agent dropped).")
                        .register(registry);
        seqRestarts =
                Counter.build(
                                "vpsguard_report_seq_restarts_total",
                                "Reports stored whose seq was at or below the last one of the same"
                                        + " agent instance: its numbering restarted.")
                        .register(registry);
        seqRefused =
                Counter.build(
                                "vpsguard_report_seq_refused_total",
                                "Reports refused for their seq (absurdly far ahead of the agent"
                                        + " instance's last); also in vpsguard_reports_rejected_total.")
                        .register(registry);
        newInstances =
                Counter.build(
                                "vpsguard_report_agent_instances_new_total",
                                "Agent instances whose first report was stored (a new agent, or"
                                        + " one whose state was lost).")
                        .register(registry);
        deltas =
                Counter.build(
                                "vpsguard_report_deltas_total",
                                "Delta reports (protocol 3) expanded on their base and stored.")
                        .register(registry);
        fullRequested =
                Counter.build(
                                "vpsguard_report_full_requested_total",
                                "Delta reports answered with sendFull: their base was not the"
                                        + " last stored report of the agent instance; nothing"
                                        + " stored.")
                        .register(registry);
        latency =
                Histogram.build(
                                "vpsguard_report_ingest_seconds",
                                "Time to handle one report, seconds.")
                        .register(registry);
    }
}
