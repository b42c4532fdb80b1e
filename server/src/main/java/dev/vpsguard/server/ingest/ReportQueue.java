package dev.vpsguard.server.ingest;

import java.time.Instant;

/**
 * Where a node puts a valid report for another (or the same) node to store, instead of storing it
 * itself: present only when {@code vpsguard.kafka.enabled} is true.
 */
public interface ReportQueue {
    /**
     * Queues the report durably, or fails.
     *
     * @param hostId the reporting host: reports of one host stay in order
     * @param json the report's JSON body, as received (gunzipped)
     * @param receivedAt when this node received it
     * @throws dev.vpsguard.server.api.ApiException 503 when the queue did not take it in time
     */
    void enqueue(String hostId, byte[] json, Instant receivedAt);
}
