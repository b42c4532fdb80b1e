package dev.vpsguard.server.notify.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationType;
import dev.vpsguard.server.notify.Notifications;
import dev.vpsguard.server.notify.SmtpNotification;
import dev.vpsguard.server.notify.TemplateSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailRendererTest {
    @TempDir Path dir;

    @Test
    void operatorTemplateOverridesTheBuiltInOneAndOthersStayBuiltIn() throws Exception {
        Files.createDirectories(dir.resolve("fr"));
        Files.writeString(
                dir.resolve("fr/block_created.txt"),
                "Subject: Blocage {{strike}} chez ACME\n\nVotre serveur {{guestName}} est bloqué.\n");
        MailRenderer r =
                new MailRenderer(
                        new TemplateSet("templates/mail", Optional.of(dir)),
                        ZoneId.of("Europe/Paris"),
                        "support@acme.example");
        RenderedMail mail = r.render(Notifications.block(1, Language.FR, "c@example.org"));
        assertThat(mail.subject()).isEqualTo("Blocage 1 chez ACME");
        assertThat(mail.text()).isEqualTo("Votre serveur shop-web est bloqué.\n");
        assertThat(mail.html()).contains("412 par minute");
    }

    @Test
    void blockMailsFollowTheRefusalRungOfTheGuestsContract() {
        MailRenderer r =
                new MailRenderer(
                        new TemplateSet("templates/mail", Optional.empty()),
                        ZoneId.of("UTC"),
                        "support@acme.example");
        // A contract refusing requests from the second block on (refusal_rung: 2).
        RenderedMail first = r.render(refusingFrom(2, Notifications.block(1, Language.EN, "c@x")));
        assertThat(first.text())
                .contains("personal link")
                .contains(
                        "That would be block number 2: from the 2nd block on, every unblock"
                                + " request is refused.")
                .doesNotContain("3rd");
        RenderedMail second = r.render(refusingFrom(2, Notifications.block(2, Language.EN, "c@x")));
        assertThat(second.text())
                .contains("From this block on, unblock requests are refused.")
                .contains("This is block number 2: from the 2nd block on, unblock requests")
                .doesNotContain("personal link")
                .doesNotContain("If spam is detected again");
        assertThat(second.html()).contains("from the 2nd block on").doesNotContain("3rd");
        RenderedMail fr = r.render(refusingFrom(2, Notifications.block(2, Language.FR, "c@x")));
        assertThat(fr.text())
                .contains("Il s'agit du 2e blocage : à partir du 2e blocage")
                .doesNotContain("3e blocage");
        assertThat(fr.html()).contains("2<sup>e</sup> blocage");
        // The default policy's rung.
        assertThat(r.render(Notifications.block(2, Language.EN, "c@x")).text())
                .contains("That would be block number 3: from the 3rd block on");
    }

    /** {@code n} with its block refused from strike {@code rung} on. */
    private static Notification refusingFrom(int rung, SmtpNotification.BlockCreated n) {
        Notification.Block b = n.block();
        String mode = n.strike() >= rung ? "refused" : "on_request";
        return new SmtpNotification.BlockCreated(
                n.about(),
                n.strike(),
                n.evidence(),
                new Notification.Block(
                        b.id(), b.startedAt(), b.minimumUntil(), mode, b.clause(), rung),
                n.links());
    }

    @Test
    void timeZoneIsConfigurable() {
        MailRenderer r =
                new MailRenderer(
                        new TemplateSet("templates/mail", Optional.empty()),
                        ZoneId.of("America/Montreal"),
                        "support@acme.example");
        assertThat(r.render(Notifications.block(1, Language.EN, "c@example.org")).text())
                .contains("since Tuesday, March 10, 2026 at 10:05 EDT")
                .contains("America/Montreal time zone");
    }

    @Test
    void everyCustomerFacingTypeHasTemplatesInBothLanguages() {
        TemplateSet t = new TemplateSet("templates/mail", Optional.empty());
        for (NotificationType type : NotificationType.values()) {
            for (Language lang : Language.values()) {
                for (String ext : new String[] {".txt", ".html"}) {
                    assertThat(t.exists(lang, type.wireName() + ext))
                            .as("%s/%s%s", lang.code(), type.wireName(), ext)
                            .isEqualTo(type.customerFacing());
                }
            }
        }
    }

    @Test
    void textTemplateWithoutSubjectLineIsRefusedNamingTheFile() throws Exception {
        Files.createDirectories(dir.resolve("en"));
        Files.writeString(dir.resolve("en/block_created.txt"), "Hello\n");
        MailRenderer r =
                new MailRenderer(
                        new TemplateSet("templates/mail", Optional.of(dir)),
                        ZoneId.of("UTC"),
                        "s@example.org");
        assertThatThrownBy(() -> r.render(Notifications.block(1, Language.EN, "c@example.org")))
                .hasMessageContaining("en/block_created.txt must start with 'Subject: '");
    }

    @Test
    void unknownTemplateValueFailsNamingTheTemplateInsteadOfSendingABrokenMail() throws Exception {
        Files.createDirectories(dir.resolve("en"));
        Files.writeString(dir.resolve("en/block_created.txt"), "Subject: x\n\n{{strikeNumber}}\n");
        MailRenderer r =
                new MailRenderer(
                        new TemplateSet("templates/mail", Optional.of(dir)),
                        ZoneId.of("UTC"),
                        "s@example.org");
        assertThatThrownBy(() -> r.render(Notifications.block(1, Language.EN, "c@example.org")))
                .hasMessageContaining("template en/block_created.txt")
                .hasMessageContaining("strikeNumber");
    }

    @Test
    void configurationErrorsNameTheKey() {
        MailConfiguration c =
                new MailConfiguration(
                        true,
                        null,
                        587,
                        MailConfiguration.Security.STARTTLS,
                        null,
                        null,
                        "a@b.example",
                        null,
                        "s@b.example",
                        null,
                        ZoneId.of("UTC"),
                        Duration.ofSeconds(5));
        assertThatThrownBy(c::validate)
                .hasMessage("vpsguard.mail.host = 'null': is required when mail is enabled");
    }
}
