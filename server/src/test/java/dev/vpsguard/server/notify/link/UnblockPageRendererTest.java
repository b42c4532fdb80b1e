package dev.vpsguard.server.notify.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.Notifications;
import dev.vpsguard.server.notify.TemplateSet;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnblockPageRendererTest {
    private final UnblockPageRenderer pages =
            new UnblockPageRenderer(
                    new TemplateSet("templates/unblock", Optional.empty()),
                    ZoneId.of("Europe/Paris"),
                    "support@hoster.example");
    private final Notification n = Notifications.block(2, Language.FR, "c@example.org");

    @Test
    void frenchFormShowsTheBlockAndAsksForConfirmationAndDescription() {
        String html = pages.form(Language.FR, n.guest(), n.block(), 2, "/unblock/v1.abc.def");
        assertThat(html)
                .contains("<html lang=\"fr\">")
                .contains("<strong>shop-web</strong> (VMID 101)")
                .contains("Blocage n° 2, depuis le mardi 10 mars 2026 à 15:05 CET")
                .contains("Durée minimale : 24 heures")
                .contains("action=\"/unblock/v1.abc.def\"")
                .contains("name=\"confirmFixed\"")
                .contains("name=\"description\"")
                .contains("Je confirme avoir trouvé et corrigé la cause");
    }

    @Test
    void englishFormShowsTheBlockAndAsksForConfirmationAndDescription() {
        String html = pages.form(Language.EN, n.guest(), n.block(), 2, "/unblock/t");
        assertThat(html)
                .contains("<html lang=\"en\">")
                .contains("Block number 2, since Tuesday, March 10, 2026 at 15:05 CET")
                .contains("I confirm that I found and fixed the cause")
                .contains("name=\"description\"");
    }

    @Test
    void eachRejectionHasItsOwnClearPageInBothLanguages() {
        for (Language lang : Language.values()) {
            Set<String> titles = new HashSet<>();
            for (LinkCheck.Reason r :
                    EnumSet.of(
                            LinkCheck.Reason.TAMPERED,
                            LinkCheck.Reason.EXPIRED,
                            LinkCheck.Reason.ALREADY_USED)) {
                String html = pages.rejected(lang, r);
                assertThat(html).contains("support@hoster.example");
                titles.add(html.substring(html.indexOf("<h1>"), html.indexOf("</h1>")));
            }
            assertThat(titles).hasSize(3);
        }
        assertThat(pages.rejected(Language.FR, LinkCheck.Reason.EXPIRED)).contains("Lien expiré");
        assertThat(pages.rejected(Language.EN, LinkCheck.Reason.ALREADY_USED))
                .contains("Link already used");
        assertThat(pages.rejected(Language.EN, LinkCheck.Reason.MALFORMED))
                .contains("Invalid link");
    }

    @Test
    void outcomePagesStateTheDecision() {
        assertThat(
                        pages.outcome(
                                Language.FR,
                                UnblockPageRenderer.Outcome.REFUSED,
                                n.guest(),
                                n.block(),
                                3,
                                "troisième blocage"))
                .contains("Demande refusée")
                .contains("Motif : <strong>troisième blocage</strong>")
                .contains("powerpos Article 8");
        assertThat(
                        pages.outcome(
                                Language.EN,
                                UnblockPageRenderer.Outcome.SCHEDULED,
                                n.guest(),
                                n.block(),
                                2,
                                null))
                .contains("Unblock scheduled")
                .contains("<strong>Wednesday, March 11, 2026 at 15:05 CET</strong>");
        assertThat(
                        pages.outcome(
                                Language.EN,
                                UnblockPageRenderer.Outcome.GRANTED,
                                n.guest(),
                                n.block(),
                                1,
                                null))
                .contains("Port 25 unblocked")
                .doesNotContain("Request refused");
    }

    @Test
    void valuesAreHtmlEscaped() {
        Notification.Guest evil =
                new Notification.Guest(7, "<img src=x onerror=alert(1)>", List.of());
        String html =
                pages.outcome(
                        Language.EN,
                        UnblockPageRenderer.Outcome.REFUSED,
                        evil,
                        n.block(),
                        3,
                        "<b>no</b>");
        assertThat(html)
                .doesNotContain("<img")
                .doesNotContain("<b>no</b>")
                .contains("&lt;b&gt;no&lt;/b&gt;");
    }

    @Test
    void formSaysWhatHappensNextOnEachRung() {
        Notification.Block b = n.block();
        String before = pages.form(Language.FR, n.guest(), b, 2, "t", b.startedAt(), "", Set.of());
        assertThat(before)
                .contains("rouvert automatiquement à la fin de la durée minimale")
                .doesNotContain("rouvert immédiatement")
                .doesNotContain("refusées</strong>");
        String after =
                pages.form(Language.EN, n.guest(), b, 2, "t", b.minimumUntil(), "", Set.of());
        assertThat(after)
                .contains("The minimum duration has passed")
                .doesNotContain("reopens automatically when");
        Notification.Block review =
                new Notification.Block(
                        b.id(), b.startedAt(), b.minimumUntil(), "operator", b.clause());
        assertThat(pages.form(Language.FR, n.guest(), review, 2, "t", b.startedAt(), "", Set.of()))
                .contains("le support examine chaque demande")
                .doesNotContain("rouvert automatiquement");
        Notification.Block third = Notifications.block(3, Language.EN, "c@example.org").block();
        assertThat(pages.form(Language.EN, n.guest(), third, 3, "t", b.startedAt(), "", Set.of()))
                .contains("From this block on (number 3), unblock requests are refused")
                .contains("A request sent here is recorded and refused")
                .doesNotContain("reopens");
    }

    @Test
    void formWithErrorsNamesTheFieldsAndGivesTheTextBackEscaped() {
        String html =
                pages.form(
                        Language.FR,
                        n.guest(),
                        n.block(),
                        2,
                        "t",
                        null,
                        "</textarea><script>x()</script>",
                        EnumSet.of(
                                UnblockPageRenderer.FormError.CONFIRM_MISSING,
                                UnblockPageRenderer.FormError.DESCRIPTION_TOO_LONG));
        assertThat(html)
                .contains("La demande n'a pas été envoyée")
                .contains("<code>confirmFixed</code>")
                .contains("<code>description</code> : 2000 caractères au plus")
                .doesNotContain("au moins")
                .contains("&lt;/textarea&gt;&lt;script&gt;x()&lt;/script&gt;</textarea>")
                .doesNotContain("<script>")
                .contains("maxlength=\"2000\"");
        assertThat(pages.form(Language.FR, n.guest(), n.block(), 2, "t"))
                .doesNotContain("La demande n'a pas été envoyée");
    }

    @Test
    void inactivePageNamesTheEndedBlockWithoutAForm() {
        assertThat(pages.inactive(Language.FR, n.guest(), n.block(), 2))
                .contains("Blocage terminé")
                .contains("Le blocage n° 2 du serveur <strong>shop-web</strong> (VMID 101)")
                .doesNotContain("<form");
        assertThat(pages.inactive(Language.EN, n.guest(), n.block(), 2))
                .contains("Block ended")
                .contains("no longer in force")
                .doesNotContain("<form");
    }
}
