package dev.vpsguard.server.console.page;

import dev.vpsguard.server.notify.outbox.OutboxItem;
import dev.vpsguard.server.notify.outbox.OutboxOverview;
import dev.vpsguard.server.notify.outbox.OutboxStore;
import dev.vpsguard.server.notify.webhook.WebhookEndpoints;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the notifications page shows: the outbox by state and each webhook's last delivery. */
@Singleton
public class NotificationsPage {
    /** The most rows shown per state. */
    static final int LIMIT = 100;

    /** One configured webhook endpoint (never its secret) and what last happened on it. */
    public record Endpoint(
            String name,
            String url,
            String format,
            @Nullable OutboxItem newest,
            @Nullable OutboxItem lastDelivered) {}

    /** The page's content; counts by state (pending, delivered, dead). */
    public record View(
            Map<String, Long> counts,
            List<OutboxItem> dead,
            List<OutboxItem> pending,
            List<OutboxItem> delivered,
            List<Endpoint> endpoints) {}

    private final OutboxStore store;
    private final OutboxOverview overview;
    private final WebhookEndpoints endpoints;

    public NotificationsPage(
            OutboxStore store, OutboxOverview overview, WebhookEndpoints endpoints) {
        this.store = store;
        this.overview = overview;
        this.endpoints = endpoints;
    }

    public View view() {
        List<Endpoint> hooks =
                endpoints.all().stream()
                        .map(
                                e -> {
                                    String channel = "webhook:" + e.name();
                                    return new Endpoint(
                                            e.name(),
                                            e.url().toString(),
                                            e.format().name().toLowerCase(Locale.ROOT),
                                            overview.newestOn(channel).orElse(null),
                                            overview.lastDeliveredOn(channel).orElse(null));
                                })
                        .toList();
        Map<String, Long> counts = new java.util.HashMap<>();
        overview.counts().forEach((s, n) -> counts.put(s.name().toLowerCase(Locale.ROOT), n));
        return new View(
                counts,
                store.list(OutboxItem.Status.DEAD, LIMIT),
                store.list(OutboxItem.Status.PENDING, LIMIT),
                store.list(OutboxItem.Status.DELIVERED, 20),
                hooks);
    }
}
