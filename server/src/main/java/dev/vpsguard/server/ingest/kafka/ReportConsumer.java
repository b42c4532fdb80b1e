package dev.vpsguard.server.ingest.kafka;

import dev.vpsguard.protocol.ReportReply;
import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.ingest.ReportService;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of the reports topic: stores each report in its own database transaction, then
 * commits the offsets of a poll once all its reports are stored. A node that dies between the two
 * leaves its last reports uncommitted: whoever takes the partition gets them again, and their
 * receipts (agent instance, seq, body digest) make them duplicates that change nothing.
 */
final class ReportConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaIngestConfig config;
    private final ReportService reports;
    private final PartitionMemory memory;
    private final KafkaIngestMetrics metrics;
    private final Clock clock;

    /** Offsets of reports stored and not yet committed; only the consumer thread uses it. */
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();

    private volatile boolean running = true;

    /** Reports left before the test seam {@link #crashAfter} stops the loop; -1: never. */
    private final AtomicInteger crashCountdown = new AtomicInteger(-1);

    private volatile boolean crashed;

    ReportConsumer(
            KafkaIngestConfig config,
            String clientId,
            ReportService reports,
            PartitionMemory memory,
            KafkaIngestMetrics metrics,
            Clock clock) {
        this.config = config;
        this.reports = reports;
        this.memory = memory;
        this.metrics = metrics;
        this.clock = clock;
        // TLS, SASL... from vpsguard.kafka.client.*; vpsguard's own settings below.
        Map<String, Object> p = new HashMap<>(config.client().consumer());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        p.put(
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                (int) config.sessionTimeout().toMillis() / 3);
        // Only the partitions that move are revoked: the others keep their detection memory.
        p.put(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                CooperativeStickyAssignor.class.getName());
        this.consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(config.topic()), new Handover());
            Duration backoff = Duration.ofSeconds(1);
            while (running) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(POLL);
                boolean failed = false;
                for (TopicPartition tp : batch.partitions()) {
                    for (ConsumerRecord<String, byte[]> r : batch.records(tp)) {
                        if (!store(r)) {
                            // Taken again from here after the pause; the rest of the batch too.
                            consumer.seek(tp, r.offset());
                            failed = true;
                            break;
                        }
                        pending.put(tp, new OffsetAndMetadata(r.offset() + 1));
                        if (crashCountdown.get() > 0 && crashCountdown.decrementAndGet() == 0) {
                            crashed = true;
                            running = false;
                            return; // no commit: the test seam's crash
                        }
                    }
                }
                commitPending();
                if (failed) {
                    Thread.sleep(backoff.toMillis());
                    backoff =
                            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                                    ? MAX_BACKOFF
                                    : backoff.multipliedBy(2);
                } else {
                    backoff = Duration.ofSeconds(1);
                }
            }
        } catch (WakeupException e) {
            // stop() while polling
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("The report consumer stopped: {}", e.toString(), e);
        } finally {
            // A crash leaves the group without committing what it stored since its last poll.
            if (!crashed) {
                try {
                    commitPending();
                } catch (RuntimeException e) {
                    LOG.info("Offsets not committed at stop: {}", e.toString());
                }
            }
            consumer.close(crashed ? Duration.ZERO : Duration.ofSeconds(5));
        }
    }

    /**
     * Commits the offsets of the reports stored. During a rebalance the broker refuses: they stay
     * pending, committed with the next batch or when their partition is revoked; if the node dies
     * first, their reports come again and are recognised as duplicates.
     */
    private void commitPending() {
        if (pending.isEmpty()) {
            return;
        }
        pending.keySet().retainAll(consumer.assignment());
        try {
            consumer.commitSync(pending);
            pending.clear();
        } catch (RebalanceInProgressException | CommitFailedException e) {
            LOG.info("Offsets not committed during a rebalance, kept for later: {}", e.toString());
        }
    }

    /** Commits what was stored of a partition before it leaves, then updates the memory. */
    private final class Handover implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (crashed) {
                return; // closing after the test seam's crash: a dead node commits nothing
            }
            Map<TopicPartition, OffsetAndMetadata> leaving = new HashMap<>(pending);
            leaving.keySet().retainAll(partitions);
            if (!leaving.isEmpty()) {
                try {
                    consumer.commitSync(leaving);
                } catch (RuntimeException e) {
                    // Their reports come again to the next owner, which knows them.
                    LOG.info("Offsets of revoked partitions not committed: {}", e.toString());
                }
            }
            pending.keySet().removeAll(partitions);
            memory.onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pending.keySet().removeAll(partitions);
            memory.onPartitionsLost(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            memory.onPartitionsAssigned(partitions);
        }
    }

    /** Stores one report; false when the database failed and it must be taken again. */
    private boolean store(ConsumerRecord<String, byte[]> r) {
        try {
            ReportReply reply = reports.applyQueued(r.value(), receivedAt(r));
            metrics.consumed.labels(reply.duplicate() ? "duplicate" : "stored").inc();
            memory.stored(r.partition(), r.key());
            return true;
        } catch (ApiException e) {
            // Checked when it was queued; the stored state refuses it now (an absurd seq raced
            // with another report, the host was deleted). Nothing was stored; it stays refused.
            metrics.consumed.labels("refused").inc();
            LOG.warn(
                    "Report of host {} at offset {} of partition {} refused: {}",
                    r.key(),
                    r.offset(),
                    r.partition(),
                    e.getMessage());
            return true;
        } catch (RuntimeException e) {
            metrics.consumed.labels("retried").inc();
            LOG.warn(
                    "Could not store the report of host {} at offset {} of partition {}; taken"
                            + " again: {}",
                    r.key(),
                    r.offset(),
                    r.partition(),
                    e.toString());
            return false;
        }
    }

    private Instant receivedAt(ConsumerRecord<String, byte[]> r) {
        Header h = r.headers().lastHeader(KafkaReportQueue.RECEIVED_AT);
        return h == null || h.value().length != 8
                ? clock.instant()
                : Instant.ofEpochMilli(ByteBuffer.wrap(h.value()).getLong());
    }

    /** Stops after the current report, committing what was stored, and leaves the group. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    /**
     * Test seam: after {@code reports} more reports are stored, stops as a crashed node would,
     * between the database commit and the offset commit: nothing of the last poll is committed.
     */
    void crashAfter(int reports) {
        crashCountdown.set(reports);
    }

    boolean crashed() {
        return crashed;
    }
}
