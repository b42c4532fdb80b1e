package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-like HTTP client of the console: keeps cookies, does not follow redirects. */
final class ConsoleClient {
    /** The console test servers' first admin password. */
    static final String INITIAL_PASSWORD = "initial-admin-password-0123";

    private static final Pattern CSRF = Pattern.compile("name=\"csrfToken\" value=\"([^\"]+)\"");

    private final TestServer server;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final Map<String, String> headers;

    ConsoleClient(TestServer server) {
        this(server, Map.of());
    }

    /** A client adding {@code headers} to every request (as a reverse proxy would). */
    ConsoleClient(TestServer server, Map<String, String> headers) {
        this.server = server;
        this.headers = headers;
        this.http =
                HttpClient.newBuilder()
                        .cookieHandler(cookies)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    /** Properties of a console test server: a known first password and a fast BCrypt. */
    static Map<String, Object> properties() {
        return Map.of(
                "vpsguard.console.initial-admin-password",
                INITIAL_PASSWORD,
                "vpsguard.console.bcrypt-cost",
                4);
    }

    HttpResponse<String> get(String path) {
        return send(server.request(path).header("Accept", "text/html").GET());
    }

    /** The session's cookies as a {@code Cookie} header, for a request sent by another client. */
    String cookieHeader() {
        return cookies.getCookieStore().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    /** A GET as the page's script sends it (chart data). */
    HttpResponse<String> getJson(String path) {
        return send(server.request(path).header("Accept", "application/json").GET());
    }

    HttpResponse<String> post(String path, Map<String, String> form) {
        String body =
                form.entrySet().stream()
                        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                        .collect(Collectors.joining("&"));
        return postRaw(path, body);
    }

    HttpResponse<String> postRaw(String path, String body) {
        return send(formPost(path, body));
    }

    /** Posts a raw form body with the {@code Origin} header a browser would add. */
    HttpResponse<String> postWithOrigin(String path, String body, String origin) {
        return send(formPost(path, body).header("Origin", origin));
    }

    private HttpRequest.Builder formPost(String path, String body) {
        return server.request(path)
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** Posts a form with the CSRF token of the page at {@code pagePath}. */
    HttpResponse<String> postWithToken(String pagePath, String path, Map<String, String> form) {
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.put("csrfToken", csrfOf(get(pagePath)));
        return post(path, withToken);
    }

    static String csrfOf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a CSRF token in " + page.body()).isTrue();
        return m.group(1);
    }

    /** Logs in; returns the login's answer (a redirect when it worked). */
    HttpResponse<String> login(String username, String password) {
        return postWithToken(
                "/console/login",
                "/console/login",
                Map.of("username", username, "password", password));
    }

    /** Logs in as the first admin and changes its password to {@code newPassword}. */
    void firstLogin(String newPassword) {
        HttpResponse<String> r = login("admin", INITIAL_PASSWORD);
        assertThat(r.headers().firstValue("Location")).hasValue("/console/password");
        HttpResponse<String> changed =
                postWithToken(
                        "/console/password",
                        "/console/password",
                        Map.of(
                                "current", INITIAL_PASSWORD,
                                "password", newPassword,
                                "confirm", newPassword));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(303);
    }

    /**
     * A signed-in console user with {@code role}, created by {@code admin}, its first password
     * changed to {@code password}.
     */
    static ConsoleClient user(
            TestServer server, ConsoleClient admin, String name, String role, String password) {
        HttpResponse<String> created =
                admin.postWithToken(
                        "/console/users",
                        "/console/users",
                        Map.of("username", name, "password", "first-" + password, "role", role));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        ConsoleClient c = new ConsoleClient(server);
        assertThat(c.login(name, "first-" + password).statusCode()).isEqualTo(303);
        HttpResponse<String> changed =
                c.postWithToken(
                        "/console/password",
                        "/console/password",
                        Map.of(
                                "current", "first-" + password,
                                "password", password,
                                "confirm", password));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(303);
        return c;
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
