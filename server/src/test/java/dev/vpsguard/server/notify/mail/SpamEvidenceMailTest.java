package dev.vpsguard.server.notify.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.notify.Evidence;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationType;
import dev.vpsguard.server.notify.Notifications;
import dev.vpsguard.server.notify.TemplateSet;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The spam evidence a customer reads is written as sentences in their language, never as the
 * detector's keys; the finding-only mail asks to declare the sender and says nothing was blocked.
 */
class SpamEvidenceMailTest {
    private final MailRenderer renderer =
            new MailRenderer(
                    new TemplateSet("templates/mail", Optional.empty()),
                    ZoneId.of("Europe/Paris"),
                    "support@hoster.example");

    /** A spam finding's numbers as the ladder stores them (no baseline: a cold start). */
    static Map<String, Number> finding(double multiplier) {
        Map<String, Number> e = new LinkedHashMap<>();
        e.put(Evidence.SCORE, 3.75);
        e.put(Evidence.CONNECTIONS_PER_MINUTE, 225.0);
        e.put(Evidence.DISTINCT_DESTINATIONS, 16.0);
        e.put(Evidence.DISTINCT_PREFIXES, 3.0);
        e.put(Evidence.NEW_CONNECTIONS_10_MIN, 1350.0);
        e.put(Evidence.FAILURE_RATIO, 0.35);
        e.put(Evidence.THRESHOLD_MULTIPLIER, multiplier);
        e.put(Evidence.CONSECUTIVE_WINDOWS, 2);
        return e;
    }

    static Notification with(NotificationType type, Language lang, Map<String, Number> evidence) {
        Notification b = Notifications.block(1, lang, "client@example.org");
        boolean block = type == NotificationType.BLOCK_CREATED;
        return Notifications.typed(
                type,
                b.about(),
                block ? 1 : 0,
                evidence,
                block ? b.block() : null,
                null,
                null,
                block ? null : "powerpos Art. 8 / S6",
                null);
    }

    @Test
    void aBlockMailWritesEveryMeasurementAsASentenceInEnglish() {
        RenderedMail m =
                renderer.render(with(NotificationType.BLOCK_CREATED, Language.EN, finding(1)));
        assertThat(m.text())
                .contains(
                        "  - connections opened to other mail servers (port 25): 225 per minute\n")
                .contains("  - connections opened over the last 10 minutes: 1,350\n")
                .contains("  - different mail servers contacted: 16\n")
                .contains("  - different networks these servers belong to: 3\n")
                .contains("  - connection attempts refused or left unanswered: 35%\n")
                .contains("  - your server's usual rate, learned from its history: not known yet")
                .contains("  - measurements in a row over a limit (one every few seconds): 2\n")
                .contains("  - the measurement furthest past its limit: 3.8 times the limit\n")
                .doesNotContain("declared mail sender");
        assertNoRawKeys(m);
        assertThat(m.html())
                .contains(
                        "<li>connection attempts refused or left unanswered: <strong>35%</strong></li>");
    }

    @Test
    void aBlockMailWritesEveryMeasurementAsASentenceInFrench() {
        Map<String, Number> e = finding(10);
        e.put(Evidence.BASELINE_PER_MINUTE, 0.25);
        RenderedMail m = renderer.render(with(NotificationType.BLOCK_CREATED, Language.FR, e));
        assertThat(m.text())
                .contains(
                        "  - connexions ouvertes vers d'autres serveurs de messagerie (port 25) :"
                                + " 225 par minute\n")
                .contains("  - connexions ouvertes sur les 10 dernières minutes : 1\u202f350\n")
                .contains(
                        "  - tentatives de connexion refusées ou restées sans réponse : 35\u00a0%\n")
                .contains(
                        "  - rythme habituel de votre serveur, appris sur son historique : 0,2 par minute")
                .contains(
                        "  - expéditeur de courrier déclaré : oui : les limites de volume"
                                + " appliquées sont 10 fois celles par défaut\n")
                .contains("  - mesure la plus éloignée de sa limite : 3,8 fois la limite\n");
        assertNoRawKeys(m);
    }

    @Test
    void theVolumeFindingMailSaysNothingIsBlockedAndAsksToDeclareTheSender() {
        Map<String, Number> e = finding(1);
        e.put(Evidence.FAILURE_RATIO, 0.0);
        RenderedMail en = renderer.render(with(NotificationType.VOLUME_FINDING, Language.EN, e));
        assertThat(en.subject())
                .isEqualTo("Unusual mail volume from your server shop-web: nothing blocked");
        assertThat(en.text())
                .contains("nothing has been blocked and no strike is counted")
                .contains(
                        "please declare this server as a mail sender to support: support@hoster.example")
                .contains("Clause applied: powerpos Art. 8 / S6")
                .contains("connection attempts refused or left unanswered: 0%");
        assertThat(en.html()).contains("<strong>declare this server as a mail sender</strong>");
        RenderedMail declared =
                renderer.render(with(NotificationType.VOLUME_FINDING, Language.FR, finding(10)));
        assertThat(declared.subject()).startsWith("Volume de courrier inhabituel");
        assertThat(declared.text())
                .contains("davantage même que ne le permettent ses limites d'expéditeur déclaré")
                .contains("indiquez au support le volume que vous prévoyez")
                .doesNotContain("déclarez ce serveur");
        assertNoRawKeys(declared);
    }

    @Test
    void aKeyWithoutWordingIsShownUnderItsNameRatherThanHidden() {
        Map<String, Number> e = new LinkedHashMap<>();
        e.put("queueDepth", 12);
        RenderedMail m = renderer.render(with(NotificationType.BLOCK_CREATED, Language.EN, e));
        assertThat(m.text()).contains("  - queueDepth: 12\n");
    }

    private static void assertNoRawKeys(RenderedMail m) {
        for (String key :
                new String[] {
                    "consecutiveWindows",
                    "newConnections10Min",
                    "score",
                    "thresholdMultiplier",
                    "baselinePerMinute",
                    "distinctPrefixes"
                }) {
            assertThat(m.text()).doesNotContain(key);
            assertThat(m.html()).doesNotContain(key);
        }
    }
}
