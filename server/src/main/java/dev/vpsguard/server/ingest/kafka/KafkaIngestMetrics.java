package dev.vpsguard.server.ingest.kafka;

import io.micronaut.context.annotation.Requires;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import jakarta.inject.Singleton;

/**
 * The Kafka ingest's series. Sample output:
 *
 * <pre>
 * vpsguard_kafka_reports_queued_total 1520.0
 * vpsguard_kafka_reports_consumed_total{outcome="stored"} 1518.0
 * vpsguard_kafka_reports_consumed_total{outcome="duplicate"} 2.0
 * vpsguard_kafka_partitions_owned 6.0
 * vpsguard_kafka_queue_seconds_bucket{le="0.005"} 1400.0
 * </pre>
 */
@Singleton
@Requires(property = "vpsguard.kafka.enabled", value = "true")
public class KafkaIngestMetrics {
    final Counter queued;
    final Counter consumed;
    final Counter partitionMoves;
    final Gauge owned;
    final Histogram queueLatency;

    public KafkaIngestMetrics(CollectorRegistry registry) {
        queued =
                Counter.build(
                                "vpsguard_kafka_reports_queued_total",
                                "Reports this node put on the topic.")
                        .register(registry);
        consumed =
                Counter.build(
                                "vpsguard_kafka_reports_consumed_total",
                                "Reports this node took from the topic, by outcome: stored,"
                                        + " duplicate (stored already, e.g. redelivered after a"
                                        + " node died), refused (the stored state refused it),"
                                        + " retried (the database failed; taken again).")
                        .labelNames("outcome")
                        .register(registry);
        partitionMoves =
                Counter.build(
                                "vpsguard_kafka_partition_moves_total",
                                "Partitions assigned to or taken from this node, by direction.")
                        .labelNames("direction")
                        .register(registry);
        owned =
                Gauge.build(
                                "vpsguard_kafka_partitions_owned",
                                "Partitions of the reports topic this node stores.")
                        .register(registry);
        queueLatency =
                Histogram.build(
                                "vpsguard_kafka_queue_seconds",
                                "Time for the broker to take one report, seconds.")
                        .register(registry);
    }
}
