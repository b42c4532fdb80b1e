package dev.vpsguard.server.notify.outbox;

import java.util.Objects;
import java.util.UUID;

/**
 * What to enqueue: one notification on one channel.
 *
 * @param notificationId the notification's stable id
 * @param type the notification type's wire name
 * @param channel {@code mail} or {@code webhook:<endpoint name>}
 * @param guestKey {@code <hostId>/<vmid>}, the ordering key
 * @param payload the notification as JSON
 */
public record NewOutboxItem(
        UUID notificationId, String type, String channel, String guestKey, String payload) {
    public NewOutboxItem {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(guestKey, "guestKey");
        Objects.requireNonNull(payload, "payload");
    }
}
