package dev.vpsguard.server.notify.publish;

import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationJson;
import dev.vpsguard.server.notify.SmtpNotification;
import dev.vpsguard.server.notify.link.UnblockLinkSigner;
import dev.vpsguard.server.notify.outbox.NewOutboxItem;
import dev.vpsguard.server.notify.outbox.OutboxStore;
import dev.vpsguard.server.notify.webhook.WebhookEndpoint;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entry point for decisions: turns a {@link Notification} into outbox items (the tenant's mail
 * and every webhook endpoint subscribed to its type) inside the caller's transaction.
 *
 * <p>For a new SMTP block whose unblock is on request it also mints the signed unblock link, so the
 * mail and the webhooks carry the same link.
 */
public final class NotificationOutbox {
    /** Channel name of customer mail. */
    public static final String MAIL_CHANNEL = "mail";

    /** Name of the signed unblock link in {@link Notification#links()}. */
    private final OutboxStore store;

    private final boolean mailEnabled;
    private final List<WebhookEndpoint> endpoints;
    private final UnblockLinkSigner signer;
    private final Clock clock;

    public NotificationOutbox(
            OutboxStore store,
            boolean mailEnabled,
            List<WebhookEndpoint> endpoints,
            UnblockLinkSigner signer,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.mailEnabled = mailEnabled;
        this.endpoints = List.copyOf(endpoints);
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Enqueues {@code n} on every channel it goes to, with the caller's connection: commit or roll
     * back together with the decision. Idempotent per (notification id, channel).
     *
     * @return the notification as enqueued (with the unblock link when one was minted)
     */
    public Notification enqueue(Connection transaction, Notification n) {
        Notification out = withUnblockLink(n);
        String payload = NotificationJson.write(out);
        List<NewOutboxItem> items = new ArrayList<>();
        for (String channel : channelsFor(out)) {
            items.add(
                    new NewOutboxItem(
                            out.id(), out.type().wireName(), channel, out.guestKey(), payload));
        }
        store.enqueue(transaction, items, clock.instant());
        return out;
    }

    /** Every configured channel: {@code mail} when mail is enabled, then each webhook's. */
    public List<String> channels() {
        List<String> channels = new ArrayList<>();
        if (mailEnabled) {
            channels.add(MAIL_CHANNEL);
        }
        endpoints.forEach(e -> channels.add(e.channel()));
        return channels;
    }

    /** The channels {@code n} goes to: {@code mail} and {@code webhook:<name>} entries. */
    public List<String> channelsFor(Notification n) {
        List<String> channels = new ArrayList<>();
        if (mailEnabled
                && n.type().customerFacing()
                && n.tenant().contactEmail() != null
                && !n.tenant().contactEmail().isBlank()) {
            channels.add(MAIL_CHANNEL);
        }
        for (WebhookEndpoint e : endpoints) {
            if (e.accepts(n.type())) {
                channels.add(e.channel());
            }
        }
        return channels;
    }

    private Notification withUnblockLink(Notification n) {
        if (!(n instanceof SmtpNotification.BlockCreated created)
                || created.block().refusesRequests()
                || created.links().containsKey(UnblockLinkSigner.LINK_NAME)) {
            return n;
        }
        return created.withLink(
                UnblockLinkSigner.LINK_NAME, signer.link(created.block().id(), n.guestKey()));
    }
}
