package dev.vpsguard.server.notify.outbox;

/** Delivers outbox items of one channel: returns when delivered, throws when not. */
@FunctionalInterface
public interface ChannelSender {

    /**
     * Delivers one item. Must be safe to call again for the same item: receivers see the stable
     * notification id and drop duplicates.
     *
     * @throws DeliveryException when the item was not delivered
     */
    void deliver(OutboxItem item) throws DeliveryException;
}
