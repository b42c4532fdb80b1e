package dev.vpsguard.server.notify.outbox;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;

/**
 * Delivery attempts by channel ({@code mail}, {@code webhook:<name>}), counted around each
 * channel's sender:
 *
 * <pre>
 * vpsguard_notification_deliveries_total{channel="mail"} 120.0
 * vpsguard_notification_delivery_failures_total{channel="webhook:support",permanent="false"} 3.0
 * </pre>
 *
 * A failure is one attempt; the item is retried until it is delivered or becomes a dead letter
 * ({@code vpsguard_outbox_dead_letters}).
 */
public final class DeliveryMetrics {
    private final Counter delivered;
    private final Counter failed;

    public DeliveryMetrics(CollectorRegistry registry) {
        delivered =
                Counter.build(
                                "vpsguard_notification_deliveries_total",
                                "Notifications delivered, by channel.")
                        .labelNames("channel")
                        .register(registry);
        failed =
                Counter.build(
                                "vpsguard_notification_delivery_failures_total",
                                "Delivery attempts that failed, by channel; permanent=\"true\" when"
                                        + " the receiver refused for good (no retry).")
                        .labelNames("channel", "permanent")
                        .register(registry);
    }

    /** {@code sender}, counting its deliveries and failures under {@code channel}. */
    public ChannelSender counted(String channel, ChannelSender sender) {
        Counter.Child ok = delivered.labels(channel);
        return item -> {
            try {
                sender.deliver(item);
            } catch (DeliveryException e) {
                failed.labels(channel, String.valueOf(e.permanent())).inc();
                throw e;
            } catch (RuntimeException e) {
                failed.labels(channel, "false").inc();
                throw e;
            }
            ok.inc();
        };
    }
}
