package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.console.access.ContentSecurityPolicy;
import io.micronaut.http.HttpMethod;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's defences over plain HTTP, on every page the router knows (so a new page is covered
 * as soon as it exists): texts from agents and the API escaped, a strict Content-Security-Policy on
 * every answer and no inline script or style in any template, CSRF on every form post, and the
 * session cookie's flags, Secure behind a trusted HTTPS proxy.
 */
class ConsoleSecurityTest {
    static final String PASSWORD = ConsoleAccessTest.NEW_PASSWORD;

    /** An inline script (a script element without src, or with a body), a handler, a style. */
    static final Pattern INLINE_SCRIPT =
            Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>|<script[^>]*>[^<]+</script>");

    static final Pattern HANDLER =
            Pattern.compile("\\s(th:)?on[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    static final Pattern STYLE =
            Pattern.compile("\\s(th:)?style\\s*=|<style[\\s>]", Pattern.CASE_INSENSITIVE);

    /**
     * The same inside a rendered page's tags only: an escaped payload's text (" onerror=") is no
     * attribute.
     */
    static final Pattern TAG_HANDLER =
            Pattern.compile("<[a-z][^>]*\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

    static final Pattern TAG_STYLE =
            Pattern.compile("<[a-z][^>]*\\sstyle\\s*=|<style[\\s>]", Pattern.CASE_INSENSITIVE);

    static ConsoleFixture fixture;
    static ConsoleClient admin;
    static List<String> pages;

    @BeforeAll
    static void start() {
        // The loopback peer is the trusted proxy: see
        // theSessionCookieIsSecureBehindTheTrustedProxy.
        fixture = ConsoleFixture.start("vpsguard.console.trusted-proxies", "127.0.0.1");
        admin = new ConsoleClient(fixture.server);
        admin.firstLogin(PASSWORD);
        pages = ConsoleRoutes.pages(fixture.server, fixture.ids());
    }

    @AfterAll
    static void stop() throws IOException {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyPageShowsTheHostileTextsEscapedAndNeverRaw() {
        assertThat(pages)
                .contains(
                        "/console/fleet",
                        "/console/hosts/" + fixture.hostId,
                        "/console/guests/" + fixture.guestId,
                        "/console/blocks");
        Map<String, TreeSet<String>> shownOn = new TreeMap<>();
        List<String> raw = new ArrayList<>();
        for (String page : pages) {
            HttpResponse<String> r = admin.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            String body = r.body();
            for (String payload : ConsoleFixture.PAYLOADS) {
                if (body.contains(payload)) {
                    raw.add(page + ": " + payload);
                }
                if (body.contains(escaped(payload))) {
                    shownOn.computeIfAbsent(payload, k -> new TreeSet<>()).add(page);
                }
            }
            // No fragment of any payload survives as markup either.
            assertThat(body)
                    .as(page)
                    .doesNotContain("<script>window.pwned")
                    .doesNotContain("<img src=x")
                    .doesNotContain("<svg onload")
                    .doesNotContain("<b onmouseover");
        }
        assertThat(raw).as("payloads on a page unescaped").isEmpty();
        // Not vacuous: the agent's guest name and the customer's reason are on the pages that
        // show them. (The tenant's name and the agent's error text are checked wherever a page
        // shows them; pages that do not yet show them cannot leak them.)
        assertThat(shownOn.get(ConsoleFixture.GUEST_NAME))
                .contains(
                        "/console/hosts/" + fixture.hostId,
                        "/console/guests/" + fixture.guestId,
                        "/console/blocks");
        assertThat(shownOn.get(ConsoleFixture.UNBLOCK_REASON)).contains("/console/blocks");
    }

    /** The payload as Thymeleaf writes text: markup characters as entities. */
    static String escaped(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    @Test
    void everyConsoleAnswerCarriesTheStrictPolicyAndNoPageHasInlineScript() {
        String policy = ContentSecurityPolicy.POLICY;
        assertThat(policy)
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'")
                .contains("object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval")
                .doesNotContain("*");
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        for (String page : pages) {
            answers.put(page, admin.get(page));
        }
        ConsoleClient anonymous = new ConsoleClient(fixture.server);
        answers.put("login page", anonymous.get("/console/login"));
        answers.put("redirect to login", anonymous.get("/console/fleet"));
        answers.put("not found", admin.get("/console/guests/no-such-guest"));
        answers.put("CSRF refusal", admin.post("/console/logout", Map.of()));
        answers.put("stylesheet", anonymous.get("/console/assets/console.css"));
        answers.put("script", anonymous.get("/console/assets/console.js"));
        answers.forEach(
                (what, r) -> {
                    assertThat(r.headers().firstValue("Content-Security-Policy"))
                            .as(what)
                            .hasValue(policy);
                    assertThat(r.headers().firstValue("X-Content-Type-Options"))
                            .as(what)
                            .hasValue("nosniff");
                    if (r.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
                        assertThat(INLINE_SCRIPT.matcher(r.body()).find()).as(what).isFalse();
                        assertThat(TAG_HANDLER.matcher(r.body()).find()).as(what).isFalse();
                        assertThat(TAG_STYLE.matcher(r.body()).find()).as(what).isFalse();
                    }
                });
        assertThat(answers.get("login page").statusCode()).isEqualTo(200);
        assertThat(answers.get("not found").statusCode()).isEqualTo(404);
    }

    @Test
    void noConsoleTemplateHasAnInlineScriptAHandlerOrAStyleAttribute()
            throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/views/console").toURI());
        List<String> findings = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".html")).toList()) {
                scanned++;
                String text = Files.readString(f);
                String name = f.getFileName().toString();
                INLINE_SCRIPT
                        .matcher(text)
                        .results()
                        .forEach(m -> findings.add(name + ": " + m.group()));
                HANDLER.matcher(text).results().forEach(m -> findings.add(name + ": " + m.group()));
                STYLE.matcher(text).results().forEach(m -> findings.add(name + ": " + m.group()));
                if (text.toLowerCase(Locale.ROOT).contains("javascript:")) {
                    findings.add(name + ": javascript: URL");
                }
            }
        }
        assertThat(scanned).isGreaterThanOrEqualTo(8);
        assertThat(findings).isEmpty();
        // The scanner itself finds what it must.
        assertThat(INLINE_SCRIPT.matcher("<script>alert(1)</script>").find()).isTrue();
        assertThat(INLINE_SCRIPT.matcher("<script src=\"/a.js\" defer></script>").find()).isFalse();
        assertThat(HANDLER.matcher("<a th:onclick=\"x\">").find()).isTrue();
        assertThat(STYLE.matcher("<p style=\"color:red\">").find()).isTrue();
    }

    @Test
    void everyConsoleFormPostWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        List<String> posts = ConsoleRoutes.paths(fixture.server, HttpMethod.POST, fixture.ids());
        assertThat(posts)
                .contains(
                        "/console/login",
                        "/console/logout",
                        "/console/users",
                        "/console/password",
                        "/console/language",
                        "/console/blocks/requests/" + fixture.requestId + "/decision");
        // Every field any console form takes, filled so that only the token is missing.
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", "mallory");
        form.put("password", PASSWORD + "-new");
        form.put("confirm", PASSWORD + "-new");
        form.put("current", PASSWORD);
        form.put("role", "admin");
        form.put("lang", "fr");
        form.put("decision", "refuse");
        form.put("reason", "forged");
        String before = state();
        List<String> accepted = new ArrayList<>();
        for (String path : posts) {
            HttpResponse<String> r = admin.post(path, form);
            if (r.statusCode() != 403) {
                accepted.add(path + " -> " + r.statusCode());
            }
        }
        assertThat(accepted).isEmpty();
        assertThat(state()).isEqualTo(before);
        // The session survived the forged logout.
        assertThat(admin.get("/console/fleet").statusCode()).isEqualTo(200);
    }

    /** What a console form could change: users, sessions, requests, the audit log. */
    private static String state() {
        var s = fixture.server;
        return s.queryLong("SELECT COUNT(*) FROM console_users")
                + "|"
                + s.queryString("SELECT MAX(password_hash) FROM console_users")
                + "|"
                + s.queryString("SELECT MAX(language) FROM console_users")
                + "|"
                + s.queryLong("SELECT COUNT(*) FROM console_sessions")
                + "|"
                + s.queryString(
                        "SELECT outcome FROM unblock_requests WHERE id = '"
                                + fixture.requestId
                                + "'")
                + "|"
                + s.queryLong("SELECT COUNT(*) FROM audit");
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndSecureBehindTheTrustedProxy() {
        // Behind the proxy: the login form's cookie and the session's are Secure. (The JDK's
        // cookie store keeps Secure cookies off plain HTTP, as a browser would, so the form's
        // cookie is sent back by hand: the proxy speaks HTTP to the server.)
        ConsoleClient proxied =
                new ConsoleClient(fixture.server, Map.of("X-Forwarded-Proto", "https"));
        HttpResponse<String> loginPage = proxied.get("/console/login");
        String csrfCookie = cookie(loginPage, "vg_csrf");
        assertThat(csrfCookie).contains("httponly", "samesite=strict", "path=/console", "secure");
        HttpResponse<String> in =
                fixture.server.send(
                        fixture.server
                                .request("/console/login")
                                .header("X-Forwarded-Proto", "https")
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header(
                                        "Cookie",
                                        loginPage.headers().allValues("Set-Cookie").stream()
                                                .filter(c -> c.startsWith("vg_csrf="))
                                                .findFirst()
                                                .orElseThrow()
                                                .split(";")[0])
                                .POST(
                                        java.net.http.HttpRequest.BodyPublishers.ofString(
                                                "username=admin&password="
                                                        + PASSWORD
                                                        + "&csrfToken="
                                                        + java.net.URLEncoder.encode(
                                                                ConsoleClient.csrfOf(loginPage),
                                                                java.nio.charset.StandardCharsets
                                                                        .UTF_8))));
        assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
        assertThat(cookie(in, "vg_session"))
                .contains("httponly", "samesite=strict", "path=/console", "secure");
        // Over plain HTTP (no proxy header), the same cookie is not Secure: a browser would not
        // send it back.
        HttpResponse<String> plain = new ConsoleClient(fixture.server).login("admin", PASSWORD);
        assertThat(cookie(plain, "vg_session"))
                .contains("httponly", "samesite=strict")
                .doesNotContain("secure");
    }

    private static String cookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie: " + r.headers()))
                .toLowerCase(Locale.ROOT);
    }
}
