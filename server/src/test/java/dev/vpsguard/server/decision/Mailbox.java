package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.vpsguard.testing.Await;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.stream.Stream;

/** Reads the customer mail a test server sent to GreenMail. */
final class Mailbox {
    /** The tenants' contact address in the flow tests. */
    static final String CUSTOMER = "client@example.org";

    private Mailbox() {}

    /**
     * Waits up to 20 s for a mail to {@link #CUSTOMER} whose subject contains {@code subject};
     * returns its text part.
     */
    static String await(GreenMail mail, String subject) throws Exception {
        MimeMessage m =
                Await.value(
                        "a mail '" + subject + "'",
                        Duration.ofSeconds(20),
                        () ->
                                Stream.of(mail.getReceivedMessages())
                                        .filter(r -> subject(r).contains(subject))
                                        .findFirst());
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo(CUSTOMER);
        return text(m);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException("unreadable subject", e);
        }
    }

    /**
     * The text part of the mail to {@link #CUSTOMER} whose subject contains {@code subject}, among
     * those received so far (after the test delivered the outbox itself).
     */
    static String received(GreenMail mail, String subject) throws Exception {
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getSubject().contains(subject)) {
                assertThat(m.getAllRecipients()[0].toString()).isEqualTo(CUSTOMER);
                return text(m);
            }
        }
        throw new AssertionError("no mail '" + subject + "' received");
    }

    private static String text(MimeMessage m) throws Exception {
        Multipart mp = (Multipart) m.getContent();
        for (int i = 0; i < mp.getCount(); i++) {
            if (mp.getBodyPart(i).isMimeType("text/plain")) {
                return (String) mp.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no text/plain part");
    }
}
