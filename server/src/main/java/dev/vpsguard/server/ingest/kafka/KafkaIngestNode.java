package dev.vpsguard.server.ingest.kafka;

import dev.vpsguard.server.decision.GuestStateCaches;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.ingest.ReportService;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * This node's part of the consumer group: {@code vpsguard.kafka.consumers} threads, each a {@link
 * ReportConsumer}, sharing the node's detection memory ({@link PartitionMemory}). Started once the
 * server is up; stopped cleanly (offsets committed, group left) when it shuts down.
 */
@Singleton
@Requires(property = "vpsguard.kafka.enabled", value = "true")
@Requires(property = "vpsguard.kafka.consume", notEquals = "false")
public class KafkaIngestNode implements ApplicationEventListener<StartupEvent> {
    private final KafkaIngestConfig config;
    private final ReportService reports;
    private final PartitionMemory memory;
    private final KafkaIngestMetrics metrics;
    private final Clock clock;
    private final List<ReportConsumer> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    KafkaIngestNode(
            KafkaIngestConfig config,
            ReportService reports,
            GuestStateCaches caches,
            GuestRepository guests,
            KafkaIngestMetrics metrics,
            Clock clock) {
        this.config = config;
        this.reports = reports;
        this.memory = new PartitionMemory(caches, guests, metrics);
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public synchronized void onApplicationEvent(StartupEvent event) {
        if (!consumers.isEmpty()) {
            return;
        }
        KafkaTopic.ensure(config);
        String node = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < config.consumers(); i++) {
            ReportConsumer c =
                    new ReportConsumer(
                            config, "vpsguard-" + node + "-" + i, reports, memory, metrics, clock);
            Thread t = new Thread(c, "kafka-reports-" + i);
            t.setDaemon(true);
            consumers.add(c);
            threads.add(t);
            t.start();
        }
    }

    /** The partitions this node stores now. */
    public Set<Integer> partitions() {
        return memory.owned();
    }

    /**
     * Test seam: the node's consumers stop after {@code reports} more reports each, as if the node
     * died between a report's database commit and its offset commit.
     */
    public void crashAfter(int reports) {
        consumers.forEach(c -> c.crashAfter(reports));
    }

    /** Whether every consumer of this node has crashed ({@link #crashAfter}). */
    public boolean crashed() {
        return !consumers.isEmpty() && consumers.stream().allMatch(ReportConsumer::crashed);
    }

    @PreDestroy
    public synchronized void stop() throws InterruptedException {
        consumers.forEach(ReportConsumer::stop);
        for (Thread t : threads) {
            t.join(10_000);
        }
        consumers.clear();
        threads.clear();
    }
}
