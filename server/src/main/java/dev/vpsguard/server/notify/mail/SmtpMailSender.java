package dev.vpsguard.server.notify.mail;

import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationJson;
import dev.vpsguard.server.notify.outbox.ChannelSender;
import dev.vpsguard.server.notify.outbox.DeliveryException;
import dev.vpsguard.server.notify.outbox.OutboxItem;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;

/**
 * Sends customer mail over SMTP (Jakarta Mail): multipart/alternative, plain text then HTML, to the
 * tenant's contact. SMTP and network failures are retried by the outbox; a rejected or invalid
 * recipient address is permanent.
 */
public final class SmtpMailSender implements ChannelSender {
    private final MailConfiguration config;
    private final MailRenderer renderer;
    private final Clock clock;
    private final Session session;

    public SmtpMailSender(MailConfiguration config, MailRenderer renderer, Clock clock) {
        this.config = config.validate();
        this.renderer = renderer;
        this.clock = clock;
        this.session = Session.getInstance(properties(config));
    }

    @Override
    public void deliver(OutboxItem item) throws DeliveryException {
        Notification n;
        RenderedMail mail;
        try {
            n = NotificationJson.read(item.payload());
            mail = renderer.render(n);
        } catch (RuntimeException e) {
            throw DeliveryException.permanentFailure("cannot render mail: " + e.getMessage(), e);
        }
        MimeMessage msg;
        try {
            msg = message(n, mail);
        } catch (AddressException e) {
            throw DeliveryException.permanentFailure("invalid address: " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw DeliveryException.permanentFailure("cannot build mail: " + e.getMessage(), e);
        }
        try {
            if (config.username() != null) {
                Transport.send(msg, config.username(), config.password());
            } else {
                Transport.send(msg);
            }
        } catch (SendFailedException e) {
            boolean rejectedRecipient =
                    e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0;
            throw new DeliveryException(
                    "SMTP refused the mail: " + e.getMessage(), rejectedRecipient, e);
        } catch (MessagingException e) {
            throw DeliveryException.transientFailure("SMTP failed: " + e.getMessage(), e);
        }
    }

    MimeMessage message(Notification n, RenderedMail mail) throws MessagingException {
        MimeMessage msg = new MimeMessage(session);
        msg.setFrom(new InternetAddress(config.from(), true));
        String replyTo = config.effectiveReplyTo();
        if (replyTo != null && !replyTo.isBlank()) {
            msg.setReplyTo(InternetAddress.parse(replyTo, true));
        }
        msg.setRecipients(
                Message.RecipientType.TO, InternetAddress.parse(n.tenant().contactEmail(), true));
        msg.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        msg.setSentDate(Date.from(clock.instant()));
        msg.setHeader("Auto-Submitted", "auto-generated");
        msg.setHeader("X-Vpsguard-Event-Id", n.id().toString());
        msg.setHeader("Content-Language", n.tenant().language().code());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        msg.setContent(alternative);
        msg.saveChanges();
        return msg;
    }

    static Properties properties(MailConfiguration c) {
        Properties p = new Properties();
        String proto = c.security() == MailConfiguration.Security.TLS ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        // Transport.send picks the transport by address type, not by mail.transport.protocol.
        p.put("mail.transport.protocol.rfc822", proto);
        p.put("mail." + proto + ".host", c.host() == null ? "localhost" : c.host());
        p.put("mail." + proto + ".port", Integer.toString(c.port()));
        p.put("mail." + proto + ".auth", Boolean.toString(c.username() != null));
        String ms = Long.toString(c.timeout().toMillis());
        p.put("mail." + proto + ".connectiontimeout", ms);
        p.put("mail." + proto + ".timeout", ms);
        p.put("mail." + proto + ".writetimeout", ms);
        if (c.security() == MailConfiguration.Security.STARTTLS) {
            // Required, not opportunistic: never send a customer's mail in clear by downgrade.
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (c.security() != MailConfiguration.Security.NONE) {
            p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        }
        return p;
    }
}
