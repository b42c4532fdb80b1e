package dev.vpsguard.server.notify.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationType;
import dev.vpsguard.server.notify.Notifications;
import dev.vpsguard.server.notify.outbox.JdbcOutboxStore;
import dev.vpsguard.server.notify.outbox.OutboxDispatcher;
import dev.vpsguard.server.notify.outbox.OutboxItem;
import dev.vpsguard.server.notify.outbox.OutboxStore;
import dev.vpsguard.server.notify.webhook.WebhookEndpoints;
import dev.vpsguard.server.notify.webhook.WebhookFormat;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.transaction.TransactionOperations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The beans as the server will get them: configuration bound from properties, Flyway migrating an
 * H2 data source, and enqueueing joining a Micronaut transaction.
 */
class NotifyFactoryTest {
    private static Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put(
                "datasources.default.url",
                "jdbc:h2:mem:ctx-"
                        + UUID.randomUUID()
                        + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        p.put("datasources.default.driver-class-name", "org.h2.Driver");
        p.put("datasources.default.username", "sa");
        p.put("datasources.default.password", "");
        p.put("flyway.datasources.default.enabled", true);
        p.put("vpsguard.unblock-link.secret", "0123456789abcdef0123456789abcdef-long");
        p.put("vpsguard.unblock-link.public-url", "https://guard.example.net");
        p.put("vpsguard.webhooks[0].name", "oncall");
        p.put("vpsguard.webhooks[0].url", "https://oncall.example.net/hook");
        p.put("vpsguard.webhooks[0].secret", "0123456789abcdef");
        p.put("vpsguard.webhooks[0].events", List.of("block_created", "host_silent"));
        p.put("vpsguard.webhooks[0].format", "slack");
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void enqueueJoinsTheCallersTransactionAndRollsBackWithIt() throws Exception {
        try (ApplicationContext ctx = ApplicationContext.run(properties())) {
            WebhookEndpoints endpoints = ctx.getBean(WebhookEndpoints.class);
            assertThat(endpoints.all())
                    .singleElement()
                    .satisfies(
                            e -> {
                                assertThat(e.format()).isEqualTo(WebhookFormat.SLACK);
                                assertThat(e.accepts(NotificationType.HOST_SILENT)).isTrue();
                                assertThat(e.accepts(NotificationType.UNBLOCK_GRANTED)).isFalse();
                            });
            assertThat(ctx.getBean(OutboxDispatcher.class)).isNotNull();
            NotificationOutbox outbox = ctx.getBean(NotificationOutbox.class);
            DataSource ds = ctx.getBean(DataSource.class);
            TransactionOperations<Connection> tx =
                    ctx.getBean(Argument.of(TransactionOperations.class, Connection.class));
            Notification rolledBack = Notifications.of(NotificationType.BLOCK_CREATED, 101);
            Notification committed = Notifications.of(NotificationType.BLOCK_CREATED, 102);

            tx.executeWrite(
                    status -> {
                        // The decision and its notification share the transaction's connection.
                        outbox.enqueue(status.getConnection(), rolledBack);
                        status.setRollbackOnly();
                        return null;
                    });
            tx.executeWrite(status -> outbox.enqueue(ds.getConnection(), committed));

            JdbcOutboxStore store = (JdbcOutboxStore) ctx.getBean(OutboxStore.class);
            assertThat(store.findByNotification(rolledBack.id())).isEmpty();
            assertThat(store.findByNotification(committed.id()))
                    .extracting(OutboxItem::channel)
                    .containsExactly("webhook:oncall");
        }
    }

    @Test
    void badWebhookConfigurationFailsNamingTheKey() {
        Map<String, Object> p = properties();
        p.put("vpsguard.webhooks[0].events", List.of("block_exploded"));
        assertThatThrownBy(() -> ApplicationContext.run(p).close())
                .hasStackTraceContaining("vpsguard.webhooks[0]")
                .hasStackTraceContaining("block_exploded");
    }

    @Test
    void missingLinkSecretIsGeneratedOnceAndKeptAcrossRestarts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/unblock-link.secret");
        Map<String, Object> p = properties();
        p.remove("vpsguard.unblock-link.secret");
        p.put("vpsguard.unblock-link.secret-file", file.toString());
        try (ApplicationContext ctx = ApplicationContext.run(p)) {
            ctx.getBean(NotificationOutbox.class);
        }
        String first = Files.readString(file).trim();
        assertThat(first.length()).isGreaterThanOrEqualTo(32);
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        try (ApplicationContext ctx = ApplicationContext.run(p)) {
            ctx.getBean(NotificationOutbox.class);
        }
        assertThat(Files.readString(file).trim()).isEqualTo(first);
    }

    @Test
    void tooShortLinkSecretFailsNamingTheKey() {
        Map<String, Object> p = properties();
        p.put("vpsguard.unblock-link.secret", "short");
        // Startup builds the outbox (the dispatcher starts with the server), so it stops there.
        assertThatThrownBy(() -> ApplicationContext.run(p).close())
                .hasStackTraceContaining("vpsguard.unblock-link.secret: must be set");
    }
}
