package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.TestServer;
import io.micronaut.http.HttpMethod;
import io.micronaut.web.router.UriRouteInfo;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route the server's {@code Router} knows (API and console, every method) is called without
 * credentials and must refuse: the API with 401 and its JSON error, the console with 401 or a
 * redirect to its login page. The only exceptions are the explicit allow-list below, each checked
 * for what it does instead. A route added without protection fails this test.
 */
class ConsoleRouteAuthTest {
    /** Plausible values of path variables: an id, a selector, a signed-looking token. */
    static final Map<String, String> SAMPLES =
            Map.of("*", "0b6c9a52-3c1e-4f7a-9d2b-5e8f1a2b3c4d", "unblock", "v1.abc.def");

    /**
     * Routes open without an operator's credentials. Health is public status; the login page and
     * its form open a session; the customer's unblock page is authorised by its signed token; the
     * agent's enrolment and reports by their own tokens (checked below to refuse a missing one).
     * {@code /metrics} is not here: it needs an admin token unless {@code
     * vpsguard.metrics.allow-from} names the scraper's address (see {@link #metricsNeedsAToken} and
     * {@link #metricsAnswersAnAllowedScraperWithoutAToken}).
     */
    static final Set<String> ALLOWED =
            Set.of(
                    "GET /health",
                    "HEAD /health",
                    "GET /health/{selector}",
                    "HEAD /health/{selector}",
                    "GET /console",
                    "GET /console/login",
                    "HEAD /console",
                    "HEAD /console/login",
                    "POST /console/login",
                    "GET /unblock/{token}",
                    "POST /unblock/{token}",
                    "POST /api/v1/enroll");

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ConsoleClient.properties());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * Calls {@code path} the way its route serves: its first produced type as Accept, and for
     * methods with a body, its first consumed type (JSON when it names none) with a small body.
     */
    private static HttpResponse<String> call(UriRouteInfo<?, ?> route, String path) {
        String accept =
                route.getProduces().isEmpty() ? "*/*" : route.getProduces().get(0).toString();
        String type =
                route.getConsumes().isEmpty()
                        ? "application/json"
                        : route.getConsumes().get(0).toString();
        return call(route.getHttpMethod().name(), path, accept, type);
    }

    private static HttpResponse<String> call(
            String method, String path, String accept, String type) {
        HttpRequest.Builder b = server.request(path).header("Accept", accept);
        if (method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String body = type.startsWith("application/json") ? "{}" : "a=b";
            b.header("Content-Type", type)
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return server.send(b);
    }

    private static HttpResponse<String> call(String method, String path, String accept) {
        return call(method, path, accept, "application/x-www-form-urlencoded");
    }

    @Test
    void everyRouteButTheAllowListRefusesACallWithoutCredentials() {
        List<String> failures = new ArrayList<>();
        TreeSet<String> checked = new TreeSet<>();
        TreeSet<String> allowedSeen = new TreeSet<>();
        for (UriRouteInfo<?, ?> route : ConsoleRoutes.all(server)) {
            String name = ConsoleRoutes.name(route);
            if (ALLOWED.contains(name)) {
                allowedSeen.add(name);
                continue;
            }
            String path = ConsoleRoutes.expand(route.getUriMatchTemplate(), SAMPLES);
            HttpResponse<String> r = call(route, path);
            String refusal =
                    ConsoleRoutes.isConsole(route) ? consoleRefusal(r) : apiRefusal(route, r);
            if (refusal != null) {
                failures.add(name + " (" + path + "): " + refusal);
            }
            checked.add(name);
        }
        assertThat(failures).as("routes answering without credentials").isEmpty();
        // Every allow-listed route exists (the list stays exact), and the check was not vacuous.
        assertThat(allowedSeen).containsExactlyInAnyOrderElementsOf(ALLOWED);
        assertThat(checked)
                .contains(
                        "GET /console/fleet",
                        "GET /console/hosts/{id}",
                        "GET /console/guests/{id}",
                        "GET /console/blocks",
                        "POST /console/logout",
                        "POST /console/users",
                        "GET /api/v1/hosts",
                        "POST /api/v1/reports",
                        "GET /metrics");
        assertThat(checked.size()).isGreaterThan(40);
    }

    /** Null when {@code r} refuses a console call: 401, or a redirect to the login page. */
    private static String consoleRefusal(HttpResponse<String> r) {
        int s = r.statusCode();
        if (s == 401) {
            return null;
        }
        if ((s == 302 || s == 303 || s == 307)
                && r.headers().firstValue("Location").orElse("").equals("/console/login")) {
            return null;
        }
        return s + " " + r.headers().firstValue("Location").orElse("") + " " + r.body();
    }

    /** Null when {@code r} refuses an API call: 401 with the API's JSON error. */
    private static String apiRefusal(UriRouteInfo<?, ?> route, HttpResponse<String> r) {
        boolean bodyOk =
                route.getHttpMethod() == HttpMethod.HEAD
                        || r.body().contains("\"error\":\"unauthorized\"");
        return r.statusCode() == 401 && bodyOk ? null : r.statusCode() + " " + r.body();
    }

    @Test
    void theAllowListedRoutesDoOnlyWhatTheyMayWithoutCredentials() {
        // Health: public status.
        assertThat(call("GET", "/health", "application/json").statusCode()).isEqualTo(200);
        // The login page opens; its form refuses a post without the form's CSRF token.
        assertThat(call("GET", "/console/login", "text/html").statusCode()).isEqualTo(200);
        HttpResponse<String> home = call("GET", "/console", "text/html");
        assertThat(home.headers().firstValue("Location"))
                .as(home.statusCode() + " " + home.body())
                .hasValue("/console/login");
        assertThat(call("POST", "/console/login", "text/html").statusCode()).isEqualTo(403);
        // The customer's page: a token without a valid signature is refused, both ways.
        assertThat(call("GET", "/unblock/v1.abc.def", "text/html").statusCode()).isEqualTo(403);
        assertThat(call("POST", "/unblock/v1.abc.def", "text/html").statusCode()).isEqualTo(403);
        // Enrolment without its one-time token: refused, naming the field, nothing created.
        long hosts = server.queryLong("SELECT COUNT(*) FROM hosts");
        HttpResponse<String> enrol = server.postJson("/api/v1/enroll", null, "{}");
        assertThat(enrol.statusCode()).as(enrol.body()).isBetween(400, 401);
        assertThat(enrol.body()).contains("token");
        assertThat(server.queryLong("SELECT COUNT(*) FROM hosts")).isEqualTo(hosts);
        // Reports without the agent's credential: 401.
        assertThat(server.postJson("/api/v1/reports", null, "{}").statusCode()).isEqualTo(401);
        // Static assets are files, not routes: served without a session.
        assertThat(call("GET", "/console/assets/console.css", "text/css").statusCode())
                .isEqualTo(200);
    }

    @Test
    void metricsNeedsAToken() {
        assertThat(server.send(server.request("/metrics").GET()).statusCode()).isEqualTo(401);
        assertThat(server.get("/metrics", TestServer.ADMIN_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsAnswersAnAllowedScraperWithoutAToken() {
        Map<String, Object> props = new java.util.HashMap<>(ConsoleClient.properties());
        // The test's own address (loopback) is the provider's Prometheus.
        props.put("vpsguard.metrics.allow-from", List.of("192.0.2.0/24", "127.0.0.0/8"));
        try (TestServer open = TestServer.start(props)) {
            HttpResponse<String> scrape = open.send(open.request("/metrics").GET());
            assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
            assertThat(scrape.body()).contains("vpsguard_server_build_info");
            // Only the scrape: the rest of the API still wants a token from that address.
            assertThat(open.send(open.request("/api/v1/hosts").GET()).statusCode()).isEqualTo(401);
            // A wrong token is still refused: the allow-list is for callers without one.
            assertThat(open.get("/metrics", "not-a-token").statusCode()).isEqualTo(401);
        }
    }
}
