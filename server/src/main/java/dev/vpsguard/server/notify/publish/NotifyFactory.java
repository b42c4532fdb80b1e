package dev.vpsguard.server.notify.publish;

import dev.vpsguard.server.notify.TemplateSet;
import dev.vpsguard.server.notify.link.JdbcUsedNonceStore;
import dev.vpsguard.server.notify.link.LinkSecret;
import dev.vpsguard.server.notify.link.UnblockLinkConfiguration;
import dev.vpsguard.server.notify.link.UnblockLinkSigner;
import dev.vpsguard.server.notify.link.UnblockPageRenderer;
import dev.vpsguard.server.notify.link.UsedNonceStore;
import dev.vpsguard.server.notify.mail.MailConfiguration;
import dev.vpsguard.server.notify.mail.MailRenderer;
import dev.vpsguard.server.notify.mail.SmtpMailSender;
import dev.vpsguard.server.notify.outbox.ChannelSender;
import dev.vpsguard.server.notify.outbox.DeliveryMetrics;
import dev.vpsguard.server.notify.outbox.JdbcOutboxStore;
import dev.vpsguard.server.notify.outbox.OutboxConfiguration;
import dev.vpsguard.server.notify.outbox.OutboxDispatcher;
import dev.vpsguard.server.notify.outbox.OutboxOverview;
import dev.vpsguard.server.notify.outbox.OutboxStore;
import dev.vpsguard.server.notify.webhook.WebhookConfiguration;
import dev.vpsguard.server.notify.webhook.WebhookEndpoint;
import dev.vpsguard.server.notify.webhook.WebhookEndpoints;
import dev.vpsguard.server.notify.webhook.WebhookSender;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import io.prometheus.client.CollectorRegistry;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Micronaut beans of the notification layer. Needs a {@link DataSource} (the server's storage) and
 * uses a {@link Clock} bean when one exists, else the system UTC clock. The dispatcher is created
 * but not started: the server starts it (see {@link OutboxDispatcher#start(Duration)}).
 */
@Factory
@Requires(beans = DataSource.class)
public class NotifyFactory {

    private static Clock clock(@Nullable Clock clock) {
        return clock == null ? Clock.systemUTC() : clock;
    }

    /**
     * The pool itself: Micronaut Data's injected {@code DataSource} only hands out the current
     * transaction's connection, while the store runs its own short transactions (claim, mark).
     * Enqueueing still joins the caller's transaction through the connection it passes.
     */
    private static DataSource pool(DataSource dataSource, @Nullable DataSourceResolver resolver) {
        return resolver == null ? dataSource : resolver.resolve(dataSource);
    }

    @Singleton
    OutboxStore outboxStore(DataSource dataSource, @Nullable DataSourceResolver resolver) {
        return new JdbcOutboxStore(pool(dataSource, resolver));
    }

    @Singleton
    OutboxOverview outboxOverview(DataSource dataSource, @Nullable DataSourceResolver resolver) {
        return new OutboxOverview(pool(dataSource, resolver));
    }

    @Singleton
    UsedNonceStore usedNonceStore(DataSource dataSource, @Nullable DataSourceResolver resolver) {
        return new JdbcUsedNonceStore(pool(dataSource, resolver));
    }

    @Singleton
    UnblockLinkSigner unblockLinkSigner(
            UnblockLinkConfiguration config,
            @Nullable Clock clock,
            @io.micronaut.context.annotation.Value(
                            "${vpsguard.unblock-link.secret-file:data/unblock-link.secret}")
                    String secretFile,
            @io.micronaut.context.annotation.Value("${micronaut.server.port:8080}") int port) {
        String publicUrl = config.publicUrl();
        if (publicUrl == null) {
            // Zero-setup default for a server on this machine; customers elsewhere need the real
            // URL, so say so loudly.
            publicUrl = "http://localhost:" + (port > 0 ? port : 8080);
            org.slf4j.LoggerFactory.getLogger(NotifyFactory.class)
                    .warn(
                            "vpsguard.unblock-link.public-url is not set: unblock links will point"
                                    + " to {}, which only works on this machine",
                            publicUrl);
        } else {
            publicUrl = config.requirePublicUrl();
        }
        return new UnblockLinkSigner(
                LinkSecret.resolve(config, java.nio.file.Path.of(secretFile)),
                clock(clock),
                config.validity(),
                publicUrl);
    }

    @Singleton
    WebhookEndpoints webhookEndpoints(List<WebhookConfiguration> configs) {
        return WebhookEndpoints.of(configs);
    }

    @Singleton
    NotificationOutbox notificationOutbox(
            OutboxStore store,
            MailConfiguration mail,
            WebhookEndpoints endpoints,
            UnblockLinkSigner signer,
            @Nullable Clock clock) {
        return new NotificationOutbox(
                store, mail.validate().enabled(), endpoints.all(), signer, clock(clock));
    }

    @Singleton
    MailRenderer mailRenderer(MailConfiguration mail) {
        return new MailRenderer(
                new TemplateSet("templates/mail", Optional.ofNullable(mail.templateDir())),
                mail.timeZone(),
                mail.supportAddress());
    }

    @Singleton
    UnblockPageRenderer unblockPageRenderer(MailConfiguration mail, UnblockLinkConfiguration link) {
        return new UnblockPageRenderer(
                new TemplateSet("templates/unblock", Optional.ofNullable(link.templateDir())),
                mail.timeZone(),
                mail.supportAddress());
    }

    @Singleton
    @Bean(preDestroy = "close")
    OutboxDispatcher outboxDispatcher(
            OutboxStore store,
            OutboxConfiguration config,
            MailConfiguration mail,
            MailRenderer renderer,
            WebhookEndpoints endpoints,
            CollectorRegistry registry,
            @Nullable Clock clock) {
        Clock c = clock(clock);
        DeliveryMetrics metrics = new DeliveryMetrics(registry);
        Map<String, ChannelSender> senders = new HashMap<>();
        if (mail.validate().enabled()) {
            senders.put(
                    NotificationOutbox.MAIL_CHANNEL,
                    metrics.counted(
                            NotificationOutbox.MAIL_CHANNEL,
                            new SmtpMailSender(mail, renderer, c)));
        }
        // Redirects are not followed: a webhook that moved must be reconfigured, not guessed.
        HttpClient http =
                HttpClient.newBuilder()
                        .connectTimeout(config.webhookTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        for (WebhookEndpoint e : endpoints.all()) {
            senders.put(
                    e.channel(),
                    metrics.counted(
                            e.channel(), new WebhookSender(e, http, c, config.webhookTimeout())));
        }
        return new OutboxDispatcher(
                store,
                senders,
                config.retryPolicy(),
                c,
                config.validate().batchSize(),
                config.lease(),
                config.concurrency());
    }
}
