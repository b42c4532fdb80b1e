package dev.vpsguard.server.notify.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationJson;
import dev.vpsguard.server.notify.NotificationType;
import dev.vpsguard.server.notify.Notifications;
import dev.vpsguard.server.notify.TemplateSet;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The built-in resource mails, in both languages, with their numbers, units and clauses. */
class ResourceMailTest {
    private final MailRenderer renderer =
            new MailRenderer(
                    new TemplateSet("templates/mail", Optional.empty()),
                    ZoneId.of("Europe/Paris"),
                    "support@hoster.example");

    private static Notification resource(
            NotificationType type,
            Language lang,
            String action,
            String quota,
            Map<String, Number> evidence,
            String reason) {
        return Notifications.typed(
                type,
                new Notification.About(
                        UUID.randomUUID(),
                        Notifications.T0,
                        new Notification.Host("pve1", "pve1.example.net"),
                        new Notification.Guest(101, "shop-web", List.of("203.0.113.17")),
                        new Notification.Tenant("t-42", "client@example.org", lang)),
                0,
                evidence,
                null,
                action,
                reason,
                "unixo 5.1 / R2; mtds Art. 4 / R3",
                quota);
    }

    private static final Map<String, Number> CPU =
            Map.of(
                    "observed", 98.5,
                    "limit", 90.0,
                    "windowSeconds", 1800,
                    "hostCpuPercent", 93.2,
                    "cap", 90.0,
                    "liftAfterSeconds", 1800);

    @Test
    void cpuThrottleMailStatesShareHostContentionCapWindowClauseAndWhenItLifts() {
        RenderedMail en =
                renderer.render(
                        resource(
                                NotificationType.ACTION_APPLIED,
                                Language.EN,
                                "throttle_cpu",
                                "cpu",
                                CPU,
                                null));
        assertThat(en.subject()).isEqualTo("Measure applied to your server shop-web: CPU limit");
        assertThat(en.text())
                .contains("over 30 minutes")
                .contains("CPU use, as a share of your server's vCPUs: 98.5% (limit: 90%)")
                .contains("use of the host's processors, shared by every server on it: 93.2%")
                .contains("Limit applied: 90%")
                .contains("Clause applied: unixo 5.1 / R2; mtds Art. 4 / R3")
                .contains("stayed under the quota for 30 minutes")
                .doesNotContain("no message is read");
        assertThat(en.html()).contains("<strong>98.5%</strong> (limit: 90%)");

        RenderedMail fr =
                renderer.render(
                        resource(
                                NotificationType.ACTION_APPLIED,
                                Language.FR,
                                "throttle_cpu",
                                "cpu",
                                CPU,
                                null));
        assertThat(fr.subject())
                .isEqualTo("Mesure appliquée à votre serveur shop-web : limitation du processeur");
        assertThat(fr.text())
                .contains("sur 30 minutes")
                .contains("98,5\u00a0% (limite : 90\u00a0%)")
                .contains("Limite appliquée : 90\u00a0%")
                .contains("resté sous le quota pendant 30 minutes");
    }

    @Test
    void suspensionMailSaysTheServiceReturnsOnceTheCauseIsFixed() {
        Map<String, Number> disk = Map.of("observed", 412.0, "limit", 200.0, "windowSeconds", 600);
        for (Language lang : Language.values()) {
            RenderedMail m =
                    renderer.render(
                            resource(
                                    NotificationType.ACTION_APPLIED,
                                    lang,
                                    "suspend",
                                    "disk_bytes",
                                    disk,
                                    null));
            if (lang == Language.EN) {
                assertThat(m.text())
                        .contains("server suspension")
                        .contains("disk reads and writes: 412 MiB/s (limit: 200 MiB/s)")
                        .contains("restored once the cause is fixed")
                        .doesNotContain("lifted automatically");
            } else {
                assertThat(m.text())
                        .contains("suspension du serveur")
                        .contains("lectures et écritures disque : 412 Mio/s (limite : 200 Mio/s)")
                        .contains("rétabli une fois la cause corrigée");
            }
        }
    }

    @Test
    void warningAndLiftMailsInBothLanguages() {
        Map<String, Number> egress =
                Map.of("observed", 150.0, "limit", 100.0, "windowSeconds", 600);
        RenderedMail warn =
                renderer.render(
                        resource(
                                NotificationType.RESOURCE_WARNING,
                                Language.EN,
                                "warn",
                                "egress",
                                egress,
                                null));
        assertThat(warn.subject()).isEqualTo("Your server shop-web exceeds its resource quota");
        assertThat(warn.text())
                .contains("outbound traffic: 150 Mbit/s (limit: 100 Mbit/s)")
                .contains("over 10 minutes")
                .contains("Nothing has been limited yet");
        RenderedMail reinstated =
                renderer.render(
                        resource(
                                NotificationType.ACTION_LIFTED,
                                Language.FR,
                                "isolate",
                                "egress",
                                Map.of(),
                                "serveur réinstallé"));
        assertThat(reinstated.subject())
                .isEqualTo("Mesure levée sur votre serveur shop-web : isolement réseau");
        assertThat(reinstated.text())
                .contains("Le support a rétabli votre serveur : serveur réinstallé")
                .doesNotContain("levée automatiquement");
        RenderedMail auto =
                renderer.render(
                        resource(
                                NotificationType.ACTION_LIFTED,
                                Language.EN,
                                "throttle_net",
                                "packets",
                                Map.of("liftAfterSeconds", 1800),
                                null));
        assertThat(auto.text())
                .contains("network rate limit")
                .contains("stayed under its quota for 30 minutes, so the measure was lifted");
    }

    @Test
    void aScanWarningSpeaksOfAScanNotOfAQuotaInBothLanguages() {
        Map<String, Number> scan =
                Map.of("observed", 900, "limit", 64, "windowSeconds", 30, "failureRatio", 0.98);
        RenderedMail fr =
                renderer.render(
                        resource(
                                NotificationType.RESOURCE_WARNING,
                                Language.FR,
                                "warn",
                                "scan",
                                scan,
                                null));
        assertThat(fr.subject())
                .isEqualTo("Votre serveur shop-web balaie ou attaque d'autres serveurs");
        assertThat(fr.text())
                .contains("balayage de ports ou tentative d'intrusion")
                .contains("900")
                .contains("couper le réseau de votre serveur, puis de l'arrêter")
                .doesNotContain("quota de ressources")
                .doesNotContain("offre plus grande");
        assertThat(fr.html()).contains("balayage de ports").doesNotContain("offre plus grande");
        RenderedMail en =
                renderer.render(
                        resource(
                                NotificationType.RESOURCE_WARNING,
                                Language.EN,
                                "warn",
                                "scan",
                                scan,
                                null));
        assertThat(en.subject()).isEqualTo("Your server shop-web scans or attacks other servers");
        assertThat(en.html()).contains("password-guessing").doesNotContain("larger offer");
    }

    @Test
    void clauseAndQuotaSurviveTheOutboxPayload() {
        Notification n =
                resource(
                        NotificationType.ACTION_PENDING_APPROVAL,
                        Language.FR,
                        "isolate",
                        "egress",
                        Map.of("observed", 150.0),
                        "waiting");
        Notification back = NotificationJson.read(NotificationJson.write(n));
        assertThat(back.clause()).isEqualTo("unixo 5.1 / R2; mtds Art. 4 / R3");
        assertThat(back.quota()).isEqualTo("egress");
        assertThat(back.action()).isEqualTo("isolate");
    }
}
