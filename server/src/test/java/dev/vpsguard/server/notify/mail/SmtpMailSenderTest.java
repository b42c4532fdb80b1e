package dev.vpsguard.server.notify.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vpsguard.server.notify.Databases;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationJson;
import dev.vpsguard.server.notify.Notifications;
import dev.vpsguard.server.notify.ResourceNotification;
import dev.vpsguard.server.notify.SmtpNotification;
import dev.vpsguard.server.notify.TemplateSet;
import dev.vpsguard.server.notify.link.LinkCheck;
import dev.vpsguard.server.notify.link.UnblockLinkSigner;
import dev.vpsguard.server.notify.outbox.JdbcOutboxStore;
import dev.vpsguard.server.notify.outbox.NewOutboxItem;
import dev.vpsguard.server.notify.outbox.OutboxDispatcher;
import dev.vpsguard.server.notify.outbox.RetryPolicy;
import dev.vpsguard.server.notify.publish.NotificationOutbox;
import dev.vpsguard.testing.MutableClock;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Customer mail end to end: notification → outbox (H2) → dispatcher → SMTP → GreenMail, a real SMTP
 * server in the test JVM on a free port.
 */
class SmtpMailSenderTest {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Pattern LINK =
            Pattern.compile("https://guard\\.example\\.net/unblock/[A-Za-z0-9_.-]+");

    private final MutableClock clock = new MutableClock(Notifications.T0);
    private final UnblockLinkSigner signer =
            new UnblockLinkSigner(
                    "0123456789abcdef0123456789abcdef".getBytes(),
                    clock,
                    Duration.ofDays(7),
                    "https://guard.example.net/");

    private MailConfiguration config() {
        return new MailConfiguration(
                true,
                "127.0.0.1",
                GREENMAIL.getSmtp().getPort(),
                MailConfiguration.Security.NONE,
                null,
                null,
                "Abuse <abuse@hoster.example>",
                null,
                "support@hoster.example",
                null,
                ZoneId.of("Europe/Paris"),
                Duration.ofSeconds(5));
    }

    /** Sends {@code n} through the whole pipeline and returns the received message. */
    private MimeMessage sendThroughOutbox(Notification n) throws Exception {
        DataSource ds = Databases.h2();
        JdbcOutboxStore store = new JdbcOutboxStore(ds);
        NotificationOutbox outbox = new NotificationOutbox(store, true, List.of(), signer, clock);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            outbox.enqueue(c, n);
            c.commit();
        }
        return deliverOne(store);
    }

    private MimeMessage deliverOne(JdbcOutboxStore store) throws Exception {
        MailConfiguration cfg = config();
        MailRenderer renderer =
                new MailRenderer(
                        new TemplateSet("templates/mail", Optional.empty()),
                        cfg.timeZone(),
                        cfg.supportAddress());
        OutboxDispatcher d =
                new OutboxDispatcher(
                        store,
                        Map.of(
                                NotificationOutbox.MAIL_CHANNEL,
                                new SmtpMailSender(cfg, renderer, clock)),
                        RetryPolicy.DEFAULT,
                        clock,
                        10,
                        Duration.ofMinutes(2));
        assertThat(d.runOnce(clock.instant()).delivered()).isEqualTo(1);
        MimeMessage[] received = GREENMAIL.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    private static String part(MimeMessage m, String type) throws Exception {
        Multipart mp = (Multipart) m.getContent();
        for (int i = 0; i < mp.getCount(); i++) {
            if (mp.getBodyPart(i).isMimeType(type)) {
                return (String) mp.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private void assertLinkVerifiesForBlock(String text, String blockId) {
        Matcher m = LINK.matcher(text);
        assertThat(m.find()).as("unblock link in %s", text).isTrue();
        LinkCheck check = signer.verify(UnblockLinkSigner.tokenOf(m.group()));
        assertThat(check)
                .isInstanceOfSatisfying(
                        LinkCheck.Valid.class,
                        v -> {
                            assertThat(v.claims().blockId()).isEqualTo(blockId);
                            assertThat(v.claims().guestKey()).isEqualTo("pve1/101");
                        });
    }

    @Test
    void frenchBlockMailStatesEvidenceStrikeDurationsAndAWorkingLink() throws Exception {
        Notification n = Notifications.block(1, Language.FR, "client@example.org");
        MimeMessage m = sendThroughOutbox(n);
        assertThat(m.getSubject())
                .isEqualTo("Port 25 bloqué sur votre serveur shop-web (blocage n° 1)");
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("client@example.org");
        assertThat(m.getReplyTo()[0].toString()).isEqualTo("support@hoster.example");
        assertThat(m.getHeader("X-Vpsguard-Event-Id")[0]).isEqualTo(n.id().toString());
        assertThat(m.isMimeType("multipart/alternative")).isTrue();
        String text = part(m, "text/plain");
        assertThat(text)
                .contains("shop-web (VMID 101), adresses IP : 203.0.113.17, 2001:db8::17")
                .contains("bloqué depuis le mardi 10 mars 2026 à 15:05 CET")
                .contains("sur 10 minutes")
                .contains(
                        "connexions ouvertes vers d'autres serveurs de messagerie (port 25) : 412 par minute")
                .contains("serveurs de messagerie différents contactés : 187")
                .contains("tentatives de connexion refusées ou restées sans réponse : 63\u00a0%")
                .contains("blocage n° 1")
                .contains("durée minimale est de 1 heure")
                .contains(
                        "aucun déblocage ne peut intervenir avant le mardi 10 mars 2026 à 16:05 CET")
                .contains("support@hoster.example")
                .contains("À partir du 3e blocage, toute demande de déblocage est refusée")
                .contains("powerpos Article 8");
        assertLinkVerifiesForBlock(text, "blk-1");
        String html = part(m, "text/html");
        assertThat(html).contains("<html lang=\"fr\">").contains("<strong>412 par minute</strong>");
        assertLinkVerifiesForBlock(html, "blk-1");
    }

    @Test
    void englishBlockMailStatesEvidenceStrikeDurationsAndAWorkingLink() throws Exception {
        Notification n = Notifications.block(2, Language.EN, "client@example.org");
        MimeMessage m = sendThroughOutbox(n);
        assertThat(m.getSubject())
                .isEqualTo("Port 25 blocked on your server shop-web (block number 2)");
        String text = part(m, "text/plain");
        assertThat(text)
                .contains("blocked since Tuesday, March 10, 2026 at 15:05 CET")
                .contains("over 10 minutes")
                .contains("connections opened to other mail servers (port 25): 412 per minute")
                .contains("different mail servers contacted: 187")
                .contains("connection attempts refused or left unanswered: 63%")
                .contains("This is block number 2. Its minimum duration is 24 hours")
                .contains(
                        "no unblock can take effect before Wednesday, March 11, 2026 at 15:05 CET")
                .contains(
                        "That would be block number 3: from the 3rd block on, every unblock request is refused")
                .contains("Clause applied: powerpos Article 8");
        assertLinkVerifiesForBlock(text, "blk-2");
        assertLinkVerifiesForBlock(part(m, "text/html"), "blk-2");
    }

    @Test
    void thirdBlockMailSaysRequestsAreRefusedAndHasNoLink() throws Exception {
        MimeMessage m =
                sendThroughOutbox(Notifications.block(3, Language.FR, "client@example.org"));
        String text = part(m, "text/plain");
        assertThat(text)
                .contains("durée minimale est de 7 jours")
                .contains("À partir de ce blocage, les demandes de déblocage sont refusées")
                .contains("Il s'agit du 3e blocage");
        assertThat(LINK.matcher(text).find()).isFalse();
    }

    @Test
    void aMailRowWrittenBeforeTypedEventsIsStillSent() throws Exception {
        String payload = Notifications.payloadsBeforeTypedEvents().get(0);
        Notification n = NotificationJson.read(payload);
        DataSource ds = Databases.h2();
        JdbcOutboxStore store = new JdbcOutboxStore(ds);
        try (Connection c = ds.getConnection()) {
            store.enqueue(
                    c,
                    List.of(
                            new NewOutboxItem(
                                    n.id(),
                                    "block_created",
                                    NotificationOutbox.MAIL_CHANNEL,
                                    "h-1/101",
                                    payload)),
                    clock.instant());
        }
        MimeMessage m = deliverOne(store);
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("client@example.org");
        assertThat(part(m, "text/plain"))
                .contains("shop-web")
                .contains("https://guard.example.net/unblock/v1.a.b");
    }

    @Test
    void refusedUnblockMailGivesReasonAndClause() throws Exception {
        Notification b = Notifications.block(3, Language.EN, "client@example.org");
        Notification n =
                new SmtpNotification.UnblockRefused(
                        b.about(),
                        3,
                        b.block(),
                        "third block: unblock requests are refused (clause S9)");
        String text = part(sendThroughOutbox(n), "text/plain");
        assertThat(text)
                .contains("was refused")
                .contains("Reason: third block: unblock requests are refused (clause S9)")
                .contains("Clause applied: powerpos Article 8. This is block number 3")
                .contains("minimum duration 7 days");
    }

    @Test
    void scheduledUnblockMailGivesTheReopeningTime() throws Exception {
        Notification b = Notifications.block(2, Language.FR, "client@example.org");
        Notification n =
                new SmtpNotification.UnblockScheduled(
                        new Notification.About(
                                b.id(),
                                b.occurredAt().plusSeconds(600),
                                b.host(),
                                b.guest(),
                                b.tenant()),
                        2,
                        b.block(),
                        null);
        String text = part(sendThroughOutbox(n), "text/plain");
        assertThat(text)
                .contains("durée minimale de 24 heures")
                .contains("rouvert automatiquement le mercredi 11 mars 2026 à 15:05 CET");
    }

    @Test
    void resourceMailNamesTheActionAndNumbers() throws Exception {
        Notification b = Notifications.block(1, Language.EN, "client@example.org");
        Notification n =
                new ResourceNotification.ActionApplied(
                        b.about(),
                        new ResourceNotification.Resource(
                                "throttle_cpu",
                                null,
                                null,
                                Map.of("observed", 395.5, "limit", 200, "windowSeconds", 3600)),
                        "CPU above quota while the host was contended");
        MimeMessage m = sendThroughOutbox(n);
        assertThat(m.getSubject()).isEqualTo("Measure applied to your server shop-web: CPU limit");
        assertThat(part(m, "text/plain"))
                .contains("over 1 hour")
                .contains("measured value: 395.5 (limit: 200)")
                .contains("Details: CPU above quota while the host was contended");
    }

    @Test
    void unreachableSmtpServerIsATransientFailure() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        MailConfiguration c = config();
        MailConfiguration down =
                new MailConfiguration(
                        true,
                        "127.0.0.1",
                        closedPort,
                        c.security(),
                        null,
                        null,
                        c.from(),
                        null,
                        c.supportAddress(),
                        null,
                        c.timeZone(),
                        Duration.ofSeconds(2));
        SmtpMailSender sender =
                new SmtpMailSender(
                        down,
                        new MailRenderer(
                                new TemplateSet("templates/mail", Optional.empty()),
                                c.timeZone(),
                                c.supportAddress()),
                        clock);
        Notification n = Notifications.block(1, Language.FR, "client@example.org");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                sender.deliver(
                                        dev.vpsguard.server.notify.webhook.WebhookSenderTest.itemOf(
                                                n, NotificationOutbox.MAIL_CHANNEL)))
                .isInstanceOfSatisfying(
                        dev.vpsguard.server.notify.outbox.DeliveryException.class,
                        e -> assertThat(e.permanent()).isFalse())
                .hasMessageContaining("SMTP failed");
    }

    @Test
    void htmlPartEscapesValuesFromTheGuest() throws Exception {
        Notification b = Notifications.block(1, Language.EN, "client@example.org");
        Notification n =
                new SmtpNotification.BlockCreated(
                        new Notification.About(
                                b.id(),
                                b.occurredAt(),
                                b.host(),
                                new Notification.Guest(101, "<script>alert(1)</script>", List.of()),
                                b.tenant()),
                        1,
                        b.evidence(),
                        b.block(),
                        Map.of());
        MimeMessage m = sendThroughOutbox(n);
        assertThat(part(m, "text/html"))
                .doesNotContain("<script>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(part(m, "text/plain")).contains("<script>alert(1)</script>");
        assertThat(GreenMailUtil.getHeaders(m)).contains("Auto-Submitted: auto-generated");
    }
}
