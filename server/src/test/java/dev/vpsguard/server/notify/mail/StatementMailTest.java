package dev.vpsguard.server.notify.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.notify.AvailabilityNotification;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationJson;
import dev.vpsguard.server.notify.TemplateSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The customer's monthly availability statement, in French and English, with its chart. */
class StatementMailTest {
    static AvailabilityNotification.MonthlyStatement statement(Language lang, String credit) {
        List<AvailabilityNotification.Day> days = new ArrayList<>();
        for (int d = 1; d <= 28; d++) {
            // Day 15: 5 h down (79.1667 %); day 5: 30 min (97.9167 %).
            String p = d == 15 ? "79.1666" : d == 5 ? "97.9166" : "100.0000";
            days.add(new AvailabilityNotification.Day(d, new BigDecimal(p)));
        }
        return new AvailabilityNotification.MonthlyStatement(
                new Notification.About(
                        UUID.nameUUIDFromBytes("s".getBytes()),
                        Instant.parse("2027-03-01T05:00:00Z"),
                        AvailabilityNotification.LEDGER,
                        null,
                        new Notification.Tenant("acme", "ops@acme.test", lang)),
                new AvailabilityNotification.Statement(
                        "2027-02",
                        "unixo-cloud",
                        "UNIXO Cloud CSV, 10.1 et 10.2",
                        new BigDecimal("99.1815"),
                        new BigDecimal("99.9"),
                        19800,
                        2419200,
                        new BigDecimal(credit).signum() > 0 ? 10 : 0,
                        new BigDecimal(credit),
                        "EUR",
                        Instant.parse("2027-03-30T22:00:00Z"),
                        days));
    }

    private static RenderedMail render(Notification n) {
        return new MailRenderer(
                        new TemplateSet("templates/mail", Optional.empty()),
                        ZoneId.of("Europe/Paris"),
                        "support@host.test")
                .render(n);
    }

    @Test
    void theFrenchStatementGivesTheFiguresTheCreditTheDeadlineAndAChart() {
        RenderedMail m = render(statement(Language.FR, "12.00"));
        assertThat(m.subject())
                .isEqualTo(
                        "Disponibilité de vos services en 2027-02 : 99,1815\u00a0%, avoir de 12,00 EUR");
        assertThat(m.text())
                .contains("Disponibilité : 99,1815\u00a0% (engagement : 99,9\u00a0%)")
                .contains("Indisponibilité à notre charge : 330 min")
                .contains("L'engagement n'a pas été tenu")
                .contains("Un avoir de 10 % de votre redevance mensuelle vous est dû : 12,00 EUR.")
                .contains("avant le mercredi 31 mars 2027 à 00:00")
                .contains("15 " + "█".repeat(30) + " 300 min")
                .contains("05 " + "█".repeat(3) + " 30 min")
                .contains("01 · ");
        assertThat(m.html()).contains("width:15.0em").contains("<strong>12,00 EUR</strong>");
    }

    @Test
    void theEnglishStatementWithoutCreditSaysThePromiseAndNoCredit() {
        AvailabilityNotification.MonthlyStatement s = statement(Language.EN, "0.00");
        RenderedMail m = render(s);
        assertThat(m.subject()).isEqualTo("Availability of your services in 2027-02: 99.1815%");
        assertThat(m.text())
                .contains("Availability: 99.1815% (promised: 99.9%)")
                .doesNotContain("credit of");
    }

    @Test
    void theStatementSurvivesTheOutboxJson() {
        AvailabilityNotification.MonthlyStatement s = statement(Language.EN, "12.00");
        Notification back = NotificationJson.read(NotificationJson.write(s));
        assertThat(back).isEqualTo(s);
        assertThat(back.guestKey()).isEqualTo("ledger/acme");
    }
}
