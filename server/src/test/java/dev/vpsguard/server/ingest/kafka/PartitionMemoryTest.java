package dev.vpsguard.server.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.GuestStateCaches;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import io.prometheus.client.CollectorRegistry;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The detection memory of a partition's hosts is dropped when the partition leaves the node or
 * arrives at it, and only theirs: on a server storing reports directly, whose guests' memory is
 * held after their reports, the rebalance callbacks are driven by hand.
 */
class PartitionMemoryTest {
    @Test
    void aMovedPartitionDropsTheMemoryOfItsHostsOnly() {
        try (TestServer server = TestServer.start()) {
            ReportingHost moved = new ReportingHost(Agents.enroll(server, "pve-moved"));
            ReportingHost stays = new ReportingHost(Agents.enroll(server, "pve-stays"));
            Instant at = server.clock().instant();
            moved.post(server, moved.next(at, 300));
            stays.post(server, stays.next(at, 300));
            GuestStateCaches caches = server.context().getBean(GuestStateCaches.class);
            List<String> movedGuests = guests(server, moved.id());
            List<String> stayingGuests = guests(server, stays.id());
            assertThat(caches.held(movedGuests)).isEqualTo(2);
            assertThat(caches.held(stayingGuests)).isEqualTo(2);

            PartitionMemory memory =
                    new PartitionMemory(
                            caches,
                            server.context().getBean(GuestRepository.class),
                            new KafkaIngestMetrics(new CollectorRegistry()));
            TopicPartition p0 = new TopicPartition("reports", 0);
            TopicPartition p1 = new TopicPartition("reports", 1);
            memory.onPartitionsAssigned(List.of(p0, p1));
            memory.stored(0, moved.id());
            memory.stored(1, stays.id());
            assertThat(memory.owned()).containsExactlyInAnyOrder(0, 1);

            memory.onPartitionsRevoked(List.of(p0));
            assertThat(memory.owned()).containsExactly(1);
            assertThat(caches.held(movedGuests)).as("the moved partition's guests").isZero();
            assertThat(caches.held(stayingGuests)).as("the staying partition's").isEqualTo(2);

            // Back on this node later, a host's memory (held again meanwhile, e.g. read by an
            // API call) is dropped once more: another node may have moved its state.
            moved.post(server, moved.next(at.plusSeconds(5), 300));
            memory.stored(0, moved.id());
            memory.onPartitionsLost(List.of(p0));
            memory.stored(0, moved.id());
            moved.post(server, moved.next(at.plusSeconds(10), 0));
            assertThat(caches.held(movedGuests)).isEqualTo(2);
            memory.onPartitionsAssigned(List.of(p0));
            assertThat(caches.held(movedGuests)).isZero();

            // A host seen on another partition (the topic was given more) is dropped at once.
            stays.post(server, stays.next(at.plusSeconds(5), 0));
            memory.stored(3, stays.id());
            assertThat(caches.held(stayingGuests)).isZero();
        }
    }

    private static List<String> guests(TestServer server, String hostId) {
        return server
                .context()
                .getBean(GuestRepository.class)
                .findByHostIdOrderByVmid(hostId)
                .stream()
                .map(Guest::id)
                .toList();
    }
}
