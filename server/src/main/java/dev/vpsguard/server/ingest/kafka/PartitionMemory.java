package dev.vpsguard.server.ingest.kafka;

import dev.vpsguard.server.decision.GuestStateCaches;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection memory of the partitions this node stores. The hosts of a partition are the ones
 * whose reports this node took from it; when the partition leaves the node (revoked, or lost after
 * a missed heartbeat) or arrives (it may have been here before, and another node moved its guests'
 * state meanwhile), the memory of those hosts' guests is dropped. The next report of each guest
 * then rebuilds it from the database: ladders from their versioned rows, the spam detector from the
 * stored windows and rollups, the resource and scan detectors from their rows.
 */
final class PartitionMemory implements ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionMemory.class);

    private final GuestStateCaches caches;
    private final GuestRepository guests;
    private final KafkaIngestMetrics metrics;
    private final Map<Integer, Set<String>> hostsByPartition = new HashMap<>();
    private final Map<String, Integer> partitionOfHost = new HashMap<>();
    private final Set<Integer> owned = new HashSet<>();

    PartitionMemory(GuestStateCaches caches, GuestRepository guests, KafkaIngestMetrics metrics) {
        this.caches = caches;
        this.guests = guests;
        this.metrics = metrics;
    }

    /**
     * Notes that this node stored a report of {@code hostId} taken from {@code partition}. A host
     * seen on another partition before (the topic's partition count changed) is forgotten first.
     */
    void stored(int partition, String hostId) {
        Integer before;
        synchronized (this) {
            before = partitionOfHost.put(hostId, partition);
            hostsByPartition.computeIfAbsent(partition, p -> new HashSet<>()).add(hostId);
            if (before != null && before != partition) {
                hostsByPartition.getOrDefault(before, Set.of()).remove(hostId);
            }
        }
        if (before != null && before != partition) {
            forgetHosts(List.of(hostId));
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        moved(partitions, "assigned");
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        moved(partitions, "revoked");
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        moved(partitions, "lost");
    }

    /** The partitions this node holds now. */
    synchronized Set<Integer> owned() {
        return Set.copyOf(owned);
    }

    private void moved(Collection<TopicPartition> partitions, String direction) {
        if (partitions.isEmpty()) {
            return;
        }
        List<String> hosts = new ArrayList<>();
        synchronized (this) {
            for (TopicPartition tp : partitions) {
                if (direction.equals("assigned")) {
                    owned.add(tp.partition());
                } else {
                    owned.remove(tp.partition());
                }
                Set<String> seen = hostsByPartition.remove(tp.partition());
                if (seen != null) {
                    hosts.addAll(seen);
                    seen.forEach(partitionOfHost::remove);
                }
            }
            metrics.owned.set(owned.size());
        }
        metrics.partitionMoves.labels(direction).inc(partitions.size());
        int forgotten = forgetHosts(hosts);
        LOG.info(
                "Partitions {} {}: detection memory of {} hosts ({} guests) dropped, rebuilt from"
                        + " the database on their next report",
                partitions.stream().map(TopicPartition::partition).sorted().toList(),
                direction,
                hosts.size(),
                forgotten);
    }

    private int forgetHosts(Collection<String> hostIds) {
        List<String> guestIds = new ArrayList<>();
        for (String host : hostIds) {
            for (Guest g : guests.findByHostIdOrderByVmid(host)) {
                guestIds.add(g.id());
            }
        }
        caches.forget(guestIds);
        return guestIds.size();
    }
}
