package dev.vpsguard.server.ingest.kafka;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.ingest.ReportQueue;
import io.prometheus.client.Histogram;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts reports on the topic, keyed by host id (so one host's reports stay in order on one
 * partition), and waits until every in-sync replica has them before the agent is answered: a report
 * the agent was told is taken is never lost. An idempotent producer, so the client's own retries
 * add no copies; the agent's retries may, and the consumer recognises those by receipt.
 */
final class KafkaReportQueue implements ReportQueue, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReportQueue.class);

    /** Header: when the receiving node took the report, epoch milliseconds (8 bytes). */
    static final String RECEIVED_AT = "vpsguard-received-at";

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaIngestConfig config;
    private final KafkaIngestMetrics metrics;

    KafkaReportQueue(KafkaIngestConfig config, KafkaIngestMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        KafkaTopic.ensure(config);
        // TLS, SASL... from vpsguard.kafka.client.*; vpsguard's own settings below.
        Map<String, Object> p = new HashMap<>(config.client().producer());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.sendTimeout().toMillis());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "vpsguard-queue");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void enqueue(String hostId, byte[] json, Instant receivedAt) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.topic(), hostId, json);
        record.headers()
                .add(
                        RECEIVED_AT,
                        ByteBuffer.allocate(8).putLong(receivedAt.toEpochMilli()).array());
        Histogram.Timer timer = metrics.queueLatency.startTimer();
        try {
            producer.send(record).get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            metrics.queued.inc();
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            // The agent keeps the report in its spool and sends it again; if the broker took it
            // after all, the copy is recognised by its receipt.
            LOG.warn("Could not queue a report of host {}: {}", hostId, e.toString());
            throw ApiException.unavailable(
                    "the report queue did not take the report; send it again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("the server is stopping; send the report again");
        } finally {
            timer.observeDuration();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
