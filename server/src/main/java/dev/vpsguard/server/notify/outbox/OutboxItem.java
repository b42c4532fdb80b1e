package dev.vpsguard.server.notify.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * One delivery of one notification on one channel.
 *
 * @param id database id; within a guest and channel, deliveries go in id order
 * @param notificationId the notification's stable id (the receivers' idempotency key)
 * @param type the notification type's wire name
 * @param channel {@code mail} or {@code webhook:<endpoint name>}
 * @param guestKey {@code <hostId>/<vmid>}
 * @param payload the notification as JSON ({@code NotificationJson})
 * @param status where it stands
 * @param attempts delivery attempts started so far
 * @param createdAt when it was enqueued
 * @param queuedAt when it last entered the queue (enqueue or dead-letter retry); retries give up
 *     counting from here
 * @param nextAttemptAt when it is due next (a claim pushes it forward by the lease)
 * @param finishedAt when it was delivered or became a dead letter; null while pending
 * @param lastError the last failure, or null
 */
public record OutboxItem(
        long id,
        UUID notificationId,
        String type,
        String channel,
        String guestKey,
        String payload,
        Status status,
        int attempts,
        Instant createdAt,
        Instant queuedAt,
        Instant nextAttemptAt,
        Instant finishedAt,
        String lastError) {

    /** Delivery state. */
    public enum Status {
        PENDING,
        DELIVERED,
        DEAD
    }
}
