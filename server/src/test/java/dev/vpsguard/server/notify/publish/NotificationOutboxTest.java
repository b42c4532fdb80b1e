package dev.vpsguard.server.notify.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.notify.Databases;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationJson;
import dev.vpsguard.server.notify.NotificationType;
import dev.vpsguard.server.notify.Notifications;
import dev.vpsguard.server.notify.link.LinkCheck;
import dev.vpsguard.server.notify.link.UnblockLinkSigner;
import dev.vpsguard.server.notify.outbox.JdbcOutboxStore;
import dev.vpsguard.server.notify.outbox.OutboxItem;
import dev.vpsguard.server.notify.webhook.WebhookEndpoint;
import dev.vpsguard.server.notify.webhook.WebhookFormat;
import dev.vpsguard.testing.MutableClock;
import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class NotificationOutboxTest {
    private final MutableClock clock = new MutableClock(Notifications.T0);
    private final DataSource ds = Databases.h2();
    private final JdbcOutboxStore store = new JdbcOutboxStore(ds);
    private final UnblockLinkSigner signer =
            new UnblockLinkSigner(new byte[32], clock, Duration.ofDays(7), "https://g.example");
    private final NotificationOutbox outbox =
            new NotificationOutbox(
                    store,
                    true,
                    List.of(
                            endpoint("all", Set.of()),
                            endpoint(
                                    "pager",
                                    Set.of(
                                            NotificationType.STRIKE3_REACHED,
                                            NotificationType.HOST_SILENT))),
                    signer,
                    clock);

    private static WebhookEndpoint endpoint(String name, Set<NotificationType> events) {
        return new WebhookEndpoint(
                name,
                URI.create("https://hooks.example/" + name),
                "0123456789abcdef",
                events,
                WebhookFormat.JSON);
    }

    @Test
    void customerEventsGoToMailAndSubscribedWebhooks() {
        assertThat(outbox.channelsFor(Notifications.of(NotificationType.BLOCK_CREATED, 1)))
                .containsExactly("mail", "webhook:all");
        assertThat(outbox.channelsFor(Notifications.of(NotificationType.STRIKE3_REACHED, 1)))
                .containsExactly("webhook:all", "webhook:pager");
        assertThat(outbox.channelsFor(Notifications.of(NotificationType.HOST_SILENT, 1)))
                .containsExactly("webhook:all", "webhook:pager");
    }

    @Test
    void tenantWithoutContactGetsNoMail() {
        assertThat(outbox.channelsFor(Notifications.block(1, Language.FR, null)))
                .containsExactly("webhook:all");
    }

    @Test
    void newBlockGetsASignedUnblockLinkStoredWithTheItems() throws Exception {
        Notification n = Notifications.block(1, Language.FR, "c@example.org");
        Notification enqueued;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            enqueued = outbox.enqueue(c, n);
            c.commit();
        }
        String link = enqueued.links().get(UnblockLinkSigner.LINK_NAME);
        assertThat(signer.verify(UnblockLinkSigner.tokenOf(link)))
                .isInstanceOf(LinkCheck.Valid.class);
        List<OutboxItem> items = store.findByNotification(n.id());
        assertThat(items).extracting(OutboxItem::channel).containsExactly("mail", "webhook:all");
        assertThat(items)
                .allSatisfy(
                        i ->
                                assertThat(NotificationJson.read(i.payload()).links())
                                        .containsEntry("unblock", link));
    }

    @Test
    void refusedBlockGetsNoUnblockLink() throws Exception {
        try (Connection c = ds.getConnection()) {
            assertThat(
                            outbox.enqueue(c, Notifications.block(3, Language.FR, "c@example.org"))
                                    .links())
                    .isEmpty();
        }
    }
}
