package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.notify.link.UnblockLinkSigner;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The customer's unblock link end to end, on a running server with a real SMTP server (GreenMail):
 * spam makes a block, the block mail arrives with its signed link, the customer opens the page and
 * sends the form, and the request exists with the ladder's outcome; used, altered, expired links
 * and links of ended blocks get their pages and change nothing.
 */
class UnblockPageFlowTest {
    private static final Pattern LINK = Pattern.compile("http://vpsguard\\.test/unblock/(\\S+)");
    private static final String FR_MAIL = "Port 25 bloqué sur votre serveur vm101 (blocage n° 1)";
    private static final String EN_MAIL = "Port 25 blocked on your server vm101 (block number 1)";

    /** 2000 characters once CRLF line breaks count as one, as browsers count them. */
    private static final String LONGEST = "x\r\n".repeat(999) + "xy";

    private static final String FIXED =
            "Un compte mail au mot de passe faible était utilisé par un robot ; mot de passe"
                    + " changé et envoi limité.";

    @TempDir Path policies;
    private GreenMail mail;
    private TestServer server;
    private LadderDriver agent;

    @BeforeEach
    void start() throws Exception {
        // A contract whose first rung needs an operator, for the review case.
        String review;
        try (InputStream in = getClass().getResourceAsStream("/policies/default.yml")) {
            review =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .replace("contract: default", "contract: review")
                            .replaceFirst("unblock: on_request", "unblock: operator");
        }
        Files.writeString(policies.resolve("review.yml"), review);
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        Map<String, Object> props = new HashMap<>();
        props.put("vpsguard.policies.dir", policies.toString());
        props.put("vpsguard.outbox.poll-interval", "100ms");
        props.put("vpsguard.mail.enabled", "true");
        props.put("vpsguard.mail.host", "127.0.0.1");
        props.put("vpsguard.mail.port", mail.getSmtp().getPort());
        props.put("vpsguard.mail.security", "NONE");
        props.put("vpsguard.mail.from", "Abuse <abuse@hoster.example>");
        props.put("vpsguard.mail.support-address", "support@hoster.example");
        props.putAll(database());
        server = TestServer.start(props);
        agent = LadderDriver.enroll(server);
        agent.report(0, 101); // the guest exists from its first report
    }

    /** The database's properties: none, an in-memory H2 (see the PostgreSQL subclass). */
    Map<String, Object> database() throws Exception {
        return Map.of();
    }

    @AfterEach
    void stop() {
        server.close();
        mail.stop();
    }

    @Test
    void aCustomerOnAContractReadsItsTitleAndArticleNeverAFileName() throws Exception {
        tenant("acme", "fr", "powerpos-vps");
        agent.spamUntilBlocked(101);
        String blockMail = awaitMail(FR_MAIL);
        String citation = "Clause appliquée : POWER POS - location de VPS, Article 8";

        assertThat(blockMail).contains(citation).doesNotContainPattern("\\.(md|txt)\\b");
        assertThat(formPage(linkIn(blockMail)))
                .contains(citation + ".")
                .doesNotContain("Clause du contrat")
                .doesNotContainPattern("\\.(md|txt)\\b");
    }

    @Test
    void frenchBlockMailLinkShowsTheBlockAndItsFormAndMakesOneScheduledRequest() throws Exception {
        Blocked first = firstBlock("acme", "fr", "default", FR_MAIL);
        String token = first.token();
        String blockId = first.blockId();

        assertThat(formPage(token))
                .contains("<html lang=\"fr\">")
                .contains("Serveur : <strong>vm101</strong> (VMID 101), adresses IP : 192.0.2.101")
                .contains("Blocage n° 1, depuis le")
                .contains("Durée minimale : 1 heure")
                .contains(
                        "Clause appliquée : Default policy (no contract assigned), docs/contracts.md S7")
                .contains("le port 25 est rouvert automatiquement à la fin de la durée minimale")
                .contains("action=\"" + token + "\"")
                .contains("name=\"confirmFixed\"")
                .contains("name=\"description\"")
                .doesNotContain("<script");
        assertThat(get(token).statusCode()).as("looking twice uses nothing").isEqualTo(200);

        // Form errors: 400, the field named, the customer's text back (escaped), nothing used.
        assertThat(refusedForm(token, Map.of("description", "<script>alert(1)</script> trouvé")))
                .contains("La demande n'a pas été envoyée")
                .contains("<code>confirmFixed</code>")
                .doesNotContain("<code>description</code>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; trouvé")
                .doesNotContain("<script>");
        assertThat(refusedForm(token, Map.of("confirmFixed", "yes")))
                .contains("<code>description</code>")
                .contains("10 caractères");
        assertThat(refusedForm(token, Map.of("confirmFixed", "yes", "description", " \r\n ")))
                .contains("<code>description</code>");
        assertThat(refusedForm(token, Map.of("confirmFixed", "yes", "description", LONGEST + "z")))
                .contains("<code>description</code>")
                .contains("2000 caractères au plus");
        // Malformed percent-escapes (no browser sends them): 400 naming the field, form again.
        for (String raw :
                List.of(
                        "confirmFixed=yes&description=%ZZ",
                        "confirmFixed=yes&description=" + "abc".repeat(5) + "%",
                        "description=%%%&confirmFixed=yes")) {
            assertThat(refusedRaw(token, raw))
                    .as(raw)
                    .contains("<code>description</code>")
                    .contains("texte est illisible")
                    .contains("name=\"description\"")
                    .doesNotContain("%ZZ");
        }
        assertThat(refusedRaw(token, "%%%"))
                .contains("<code>confirmFixed</code>")
                .contains("<code>description</code>")
                .contains("name=\"description\"");
        assertThat(requests(blockId)).isEmpty();
        assertThat(usedNonces()).isZero();

        assertThat(outcomePage(token, FIXED))
                .contains("Déblocage programmé")
                .contains("sera rouvert automatiquement le <strong>");
        JsonNode request = single(requests(blockId));
        assertThat(request.get("channel").asText()).isEqualTo("customer");
        assertThat(request.get("actor").asText()).isEqualTo("customer:acme");
        assertThat(request.get("outcome").asText()).isEqualTo("scheduled");
        assertThat(request.get("reason").asText()).isEqualTo(FIXED);
        JsonNode block = agent.ladder(101).get("activeBlock");
        assertThat(block.get("id").asText()).isEqualTo(blockId);
        assertThat(usedNonces()).isEqualTo(1);
        assertThat(audits("unblock_link.used", "customer:acme")).isEqualTo(1);
        assertThat(audits("smtp.unblock_requested", "customer:acme")).isEqualTo(1);
        assertThat(audits("smtp.unblock_scheduled", "vpsguard")).isEqualTo(1);
        assertThat(awaitMail("Déblocage du port 25 programmé pour votre serveur vm101"))
                .contains("vm101");

        // The link works once: a second look or send gets "already used" and records nothing.
        HttpResponse<String> again = get(token);
        assertThat(again.statusCode()).isEqualTo(410);
        assertStrictHeaders(again);
        assertThat(again.body()).contains("Lien déjà utilisé").doesNotContain("<form");
        HttpResponse<String> resent =
                post(token, Map.of("confirmFixed", "yes", "description", FIXED + " (bis)"));
        assertThat(resent.statusCode()).isEqualTo(410);
        assertThat(resent.body()).contains("Lien déjà utilisé");
        assertThat(requests(blockId)).hasSize(1);
        assertThat(usedNonces()).isEqualTo(1);

        // The scheduled lift happens when the minimum ends; the used link still says so.
        server.clock().advance(Duration.ofHours(1));
        assertThat(LadderDriver.smtpBlock(agent.report(0, 101), 101)).isNull();
        assertThat(single(requests(blockId)).get("outcome").asText()).isEqualTo("granted");
        assertThat(get(token).body()).contains("Lien déjà utilisé");
    }

    @Test
    void englishTenantAfterTheMinimumGetsEnglishPagesAndTheBlockLiftsAtOnce() throws Exception {
        Blocked first = firstBlock("globex", "en", "default", EN_MAIL);
        String token = first.token();
        String blockId = first.blockId();
        server.clock().advance(Duration.ofMinutes(61));

        assertThat(formPage(token))
                .contains("<html lang=\"en\">")
                .contains("Port 25 unblock request")
                .contains("Server: <strong>vm101</strong> (VMID 101)")
                .contains("Block number 1, since")
                .contains("Minimum duration: 1 hour")
                .contains("The minimum duration has passed: if you send the request, port 25")
                .contains("I confirm that I found and fixed the cause");
        assertThat(refusedForm(token, Map.of("description", "short")))
                .contains("The request was not sent")
                .contains("<code>confirmFixed</code>")
                .contains("<code>description</code>");

        assertThat(outcomePage(token, LONGEST))
                .contains("Port 25 unblocked")
                .contains("is open again");
        JsonNode request = single(requests(blockId));
        assertThat(request.get("outcome").asText()).isEqualTo("granted");
        assertThat(request.get("reason").asText()).isEqualTo(LONGEST.replace("\r\n", "\n"));
        JsonNode lifted = single(agent.get("/api/v1/blocks?state=lifted"));
        assertThat(lifted.get("id").asText()).isEqualTo(blockId);
        assertThat(lifted.get("liftReason").asText()).isEqualTo("request_granted");
        assertThat(LadderDriver.smtpBlock(agent.report(0, 101), 101)).isNull();
        assertThat(awaitMail("Port 25 unblocked on your server vm101")).contains("vm101");
        assertThat(get(token).body()).contains("Link already used");
    }

    @Test
    void alteredMalformedAndExpiredLinksGetTheirPagesAndChangeNothing() throws Exception {
        Blocked first = firstBlock("acme", "fr", "default", "(blocage n° 1)");
        String before = server.snapshot();
        Map<String, String> form = Map.of("confirmFixed", "yes", "description", FIXED);

        // One character of the signed claims changed.
        int i = first.token().indexOf('.') + 5;
        String altered =
                first.token().substring(0, i)
                        + (first.token().charAt(i) == 'A' ? 'B' : 'A')
                        + first.token().substring(i + 1);
        for (HttpResponse<String> r : List.of(get(altered), post(altered, form))) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertStrictHeaders(r);
            assertThat(r.body()).contains("Lien non valide").doesNotContain("<form");
        }
        HttpResponse<String> english =
                server.send(
                        server.request("/unblock/" + altered)
                                .header("Accept-Language", "en-GB,en;q=0.9,fr;q=0.5")
                                .GET());
        assertThat(english.body())
                .as("no tenant known: the browser's language")
                .contains("Invalid link");
        for (HttpResponse<String> r : List.of(get("not-a-link"), post("v1.x", form))) {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("Lien non valide");
        }

        server.clock().advance(Duration.ofDays(7).plusMinutes(1));
        for (HttpResponse<String> r : List.of(get(first.token()), post(first.token(), form))) {
            assertThat(r.statusCode()).isEqualTo(410);
            assertStrictHeaders(r);
            assertThat(r.body())
                    .contains("<html lang=\"fr\">")
                    .contains("Lien expiré")
                    .doesNotContain("<form");
        }
        assertThat(requests(first.blockId())).isEmpty();
        assertThat(usedNonces()).isZero();
        assertThat(server.snapshot()).isEqualTo(before);
        assertThat(agent.ladder(101).get("activeBlock").get("id").asText())
                .isEqualTo(first.blockId());
    }

    @Test
    void aLinkWhoseBlockEndedSaysSoAndRecordsNothing() throws Exception {
        Blocked first = firstBlock("acme", "fr", "default", "(blocage n° 1)");
        server.clock().advance(Duration.ofMinutes(61));
        // Support lifts it first, on the customer's phone call.
        assertThat(
                        agent.requestUnblock(first.blockId(), TestServer.ADMIN_TOKEN, "phone")
                                .statusCode())
                .isEqualTo(201);

        for (HttpResponse<String> r : List.of(get(first.token()), send(first.token()))) {
            assertThat(r.statusCode()).isEqualTo(410);
            assertThat(r.body())
                    .contains("Blocage terminé")
                    .contains("Le blocage n° 1 du serveur <strong>vm101</strong>")
                    .doesNotContain("<form");
        }
        assertThat(single(requests(first.blockId())).get("channel").asText()).isEqualTo("customer");
        assertThat(single(requests(first.blockId())).get("actor").asText()).startsWith("admin:");
        assertThat(usedNonces()).isZero();
    }

    @Test
    void onTheRefusedRungThePageSaysRequestsAreRefusedAndARequestIsRecordedRefused()
            throws Exception {
        tenant("acme", "fr", "default");
        // Strikes 1 and 2 through their links, each after its minimum.
        String first = blockedLink("(blocage n° 1)");
        server.clock().advance(Duration.ofMinutes(61));
        assertThat(send(first).body()).contains("Port 25 débloqué");
        server.clock().advance(Duration.ofMinutes(20)); // past the detector's 10-minute span
        String second = blockedLink("(blocage n° 2)");
        server.clock().advance(Duration.ofHours(25));
        assertThat(send(second).body()).contains("Port 25 débloqué");
        server.clock().advance(Duration.ofMinutes(20));
        agent.spamUntilBlocked(101);
        String third = agent.activeBlockId(101);
        String thirdMail = awaitMail("(blocage n° 3)");
        assertThat(thirdMail)
                .as("the refused rung's mail carries no link")
                .doesNotContain("/unblock/")
                .contains("les demandes de déblocage sont refusées");

        // A link to this block all the same (signed with the server's key): the page follows
        // the service, which records the request and refuses it.
        String token =
                UnblockLinkSigner.tokenOf(
                        server.context()
                                .getBean(UnblockLinkSigner.class)
                                .link(third, agent.host.hostId() + "/101"));
        assertThat(formPage(token))
                .contains("Blocage n° 3")
                .contains("Durée minimale : 7 jours")
                .contains("À partir de ce blocage (n° 3), les demandes de déblocage sont refusées")
                .contains("S9")
                .doesNotContain("rouvert automatiquement");
        assertThat(outcomePage(token, FIXED))
                .contains("Demande refusée")
                .contains(
                        "Clause appliquée : Default policy (no contract assigned), docs/contracts.md"
                                + " S9");
        JsonNode refused = single(requests(third));
        assertThat(refused.get("outcome").asText()).isEqualTo("refused");
        assertThat(refused.get("actor").asText()).isEqualTo("customer:acme");
        assertThat(agent.ladder(101).get("activeBlock").get("id").asText()).isEqualTo(third);
        assertThat(LadderDriver.smtpBlock(agent.report(0, 101), 101)).isNotNull();
        assertThat(audits("smtp.unblock_refused", "vpsguard")).isEqualTo(1);
        assertThat(audits("unblock_link.used", "customer:acme")).isEqualTo(3);
        assertThat(awaitMail("Demande de déblocage du port 25 refusée")).contains("vm101");
    }

    @Test
    void onAnOperatorRungTheRequestWaitsForSupport() throws Exception {
        Blocked first = firstBlock("initech", "fr", "review", "(blocage n° 1)");
        assertThat(get(first.token()).body()).contains("le support examine chaque demande");
        assertThat(outcomePage(first.token(), FIXED))
                .contains("Demande enregistrée")
                .doesNotContain("Une confirmation vous est aussi envoyée");
        assertThat(single(requests(first.blockId())).get("outcome").asText()).isEqualTo("queued");
        assertThat(
                        single(agent.get("/api/v1/unblock-requests?outcome=queued"))
                                .get("blockId")
                                .asText())
                .isEqualTo(first.blockId());
        assertThat(agent.ladder(101).get("activeBlock").get("id").asText())
                .isEqualTo(first.blockId());
    }

    @Test
    void twoSimultaneousSubmitsOfOneLinkMakeOneRequest() throws Exception {
        Blocked first = firstBlock("acme", "fr", "default", "(blocage n° 1)");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> sent = new java.util.ArrayList<>();
        for (int n = 0; n < 4; n++) {
            Map<String, String> fields =
                    Map.of("confirmFixed", "yes", "description", FIXED + " #" + n);
            sent.add(
                    http.sendAsync(
                            form(first.token(), fields).build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = sent.stream().map(f -> f.join().statusCode()).sorted().toList();
        assertThat(statuses).containsExactly(200, 410, 410, 410);
        assertThat(requests(first.blockId())).hasSize(1);
        assertThat(usedNonces()).isEqualTo(1);
        assertThat(audits("unblock_link.used", "customer:acme")).isEqualTo(1);
    }

    // --- helpers

    /** Creates tenant {@code id} with {@code contract} and gives it guest 101. */
    private void tenant(String id, String language, String contract) {
        ResourceAgent.assignTenant(
                server, agent.guestId(101), id, contract, language, Mailbox.CUSTOMER);
    }

    /** A block and the token of the link its mail carries. */
    private record Blocked(String token, String blockId) {}

    /** Gives guest 101 to a new tenant, then spams until its first block and mail. */
    private Blocked firstBlock(String tenant, String language, String contract, String subject)
            throws Exception {
        tenant(tenant, language, contract);
        String token = blockedLink(subject);
        return new Blocked(token, agent.activeBlockId(101));
    }

    /**
     * Spams until guest 101 is blocked; the token of the link in the block mail {@code subject}.
     */
    private String blockedLink(String subject) throws Exception {
        agent.spamUntilBlocked(101);
        return linkIn(awaitMail(subject));
    }

    /** The form as a customer fills it in. */
    private HttpResponse<String> send(String token) {
        return post(token, Map.of("confirmFixed", "yes", "description", FIXED));
    }

    /** The form page of a usable link: 200, with the strict headers. */
    private String formPage(String token) {
        HttpResponse<String> page = get(token);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertStrictHeaders(page);
        return page.body();
    }

    /** The outcome page of a form sent in full: 200, with the strict headers. */
    private String outcomePage(String token, String description) {
        HttpResponse<String> page =
                post(token, Map.of("confirmFixed", "yes", "description", description));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertStrictHeaders(page);
        return page.body();
    }

    /** A form sent with a missing or wrong field: 400, with the strict headers. */
    private String refusedForm(String token, Map<String, String> fields) {
        HttpResponse<String> page = post(token, fields);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
        assertStrictHeaders(page);
        return page.body();
    }

    /** A raw form body as a client could send it: 400, with the strict headers. */
    private String refusedRaw(String token, String body) {
        HttpResponse<String> page =
                server.send(
                        server.request("/unblock/" + token)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
        assertStrictHeaders(page);
        return page.body();
    }

    private HttpResponse<String> get(String token) {
        return server.send(server.request("/unblock/" + token).GET());
    }

    private HttpResponse<String> post(String token, Map<String, String> fields) {
        return server.send(form(token, fields));
    }

    /** The browser's POST of the form: application/x-www-form-urlencoded. */
    private HttpRequest.Builder form(String token, Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach(
                (k, v) ->
                        body.append(body.length() == 0 ? "" : "&")
                                .append(k)
                                .append('=')
                                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return server.request("/unblock/" + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private static void assertStrictHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(r.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp ->
                                assertThat(csp)
                                        .startsWith(
                                                "default-src 'none'; style-src 'unsafe-inline';"
                                                        + " form-action 'self'"));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    private JsonNode requests(String blockId) {
        return agent.get("/api/v1/blocks/" + blockId + "/unblock-requests");
    }

    private static JsonNode single(JsonNode array) {
        assertThat(array).as(array.toString()).hasSize(1);
        return array.get(0);
    }

    private long usedNonces() {
        return server.queryLong("SELECT COUNT(*) FROM notify_used_nonce");
    }

    private long audits(String action, String actor) {
        return server.queryLong(
                "SELECT COUNT(*) FROM audit WHERE action = '"
                        + action
                        + "' AND actor = '"
                        + actor
                        + "'");
    }

    /** The token of the unblock link in a mail's text. */
    private static String linkIn(String text) {
        Matcher m = LINK.matcher(text);
        assertThat(m.find()).as("an unblock link in:\n%s", text).isTrue();
        return m.group(1);
    }

    private String awaitMail(String subject) throws Exception {
        return Mailbox.await(mail, subject);
    }
}
