package dev.vpsguard.server.notify;

import java.util.List;

/**
 * Where events other than ladder decisions (host silence) put their notifications: written in the
 * transaction in progress, delivered once it commits.
 */
public interface NotificationQueue {
    /** Writes {@code notifications} to the outbox in the transaction in progress, in this order. */
    void enqueue(List<Notification> notifications);
}
