package dev.vpsguard.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.TestServer;
import io.micronaut.http.HttpMethod;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/design.md: every route requires authentication except health and enrolment. */
class RouteAuthTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyNonPublicRouteAnswers401WithoutToken() {
        List<UriRouteInfo<?, ?>> routes =
                server.context().getBean(Router.class).uriRoutes().collect(Collectors.toList());
        List<String> checked = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (UriRouteInfo<?, ?> route : routes) {
            HttpMethod method = route.getHttpMethod();
            // Fill every template variable ({id}, {name}...) with a plausible value.
            String path =
                    route.getUriMatchTemplate()
                            .expand(
                                    new java.util.HashMap<String, Object>() {
                                        @Override
                                        public Object get(Object key) {
                                            return "x";
                                        }

                                        @Override
                                        public boolean containsKey(Object key) {
                                            return true;
                                        }
                                    });
            if (AuthFilter.isPublic(method, path)) {
                continue;
            }
            HttpResponse<String> r =
                    server.send(
                            server.request(path)
                                    .header("Content-Type", "application/json")
                                    .method(
                                            method.name(),
                                            HttpRequest.BodyPublishers.ofString("{}")));
            checked.add(method + " " + path);
            boolean bodyOk =
                    method == HttpMethod.HEAD || r.body().contains("\"error\":\"unauthorized\"");
            if (r.statusCode() != 401 || !bodyOk) {
                failures.add(method + " " + path + " -> " + r.statusCode() + " " + r.body());
            }
        }
        assertThat(failures).isEmpty();
        // Guard against a vacuous pass: the routes this issue adds must be among those checked.
        assertThat(checked)
                .contains(
                        "POST /api/v1/hosts",
                        "GET /api/v1/hosts",
                        "GET /api/v1/hosts/x",
                        "GET /api/v1/guests/x",
                        "POST /api/v1/reports",
                        "GET /metrics");
    }

    @Test
    void publicRoutesAreOnlyHealthEnrolmentAndTheUnblockPage() {
        assertThat(AuthFilter.isPublic(HttpMethod.GET, "/health")).isTrue();
        assertThat(AuthFilter.isPublic(HttpMethod.GET, "/health/liveness")).isTrue();
        assertThat(AuthFilter.isPublic(HttpMethod.POST, "/api/v1/enroll")).isTrue();
        assertThat(AuthFilter.isPublic(HttpMethod.GET, "/api/v1/enroll")).isFalse();
        assertThat(AuthFilter.isPublic(HttpMethod.GET, "/healthz")).isFalse();
        assertThat(AuthFilter.isPublic(HttpMethod.GET, "/metrics")).isFalse();
        // The customer's page: its signed token is the credential; GET shows, POST requests.
        assertThat(AuthFilter.isPublic(HttpMethod.GET, "/unblock/v1.abc.def")).isTrue();
        assertThat(AuthFilter.isPublic(HttpMethod.POST, "/unblock/v1.abc.def")).isTrue();
        assertThat(AuthFilter.isPublic(HttpMethod.PUT, "/unblock/v1.abc.def")).isFalse();
        assertThat(AuthFilter.isPublic(HttpMethod.DELETE, "/unblock/v1.abc.def")).isFalse();
        assertThat(AuthFilter.isPublic(HttpMethod.GET, "/unblock")).isFalse();
        assertThat(AuthFilter.isPublic(HttpMethod.GET, "/unblock/")).isFalse();
        assertThat(AuthFilter.isPublic(HttpMethod.GET, "/unblock/a/b")).isFalse();
        assertThat(AuthFilter.isPublic(HttpMethod.GET, "/unblocks/x")).isFalse();
        assertThat(AuthFilter.isPublic(HttpMethod.GET, "/api/v1/unblock/x")).isFalse();
    }

    @Test
    void theRoutersPublicRoutesAreHealthEnrolmentAndTheUnblockPage() {
        List<String> open =
                server.context()
                        .getBean(Router.class)
                        .uriRoutes()
                        .filter(
                                // The console's routes pass this filter and are guarded by
                                // Micronaut Security instead: ConsoleRouteAuthTest checks them.
                                r ->
                                        !r.getUriMatchTemplate()
                                                        .toPathString()
                                                        .startsWith("/console")
                                                && AuthFilter.isPublic(
                                                        r.getHttpMethod(),
                                                        r.getUriMatchTemplate()
                                                                .expand(Map.of("token", "x"))))
                        .map(r -> r.getHttpMethod() + " " + r.getUriMatchTemplate())
                        .toList();
        assertThat(new java.util.TreeSet<>(open))
                .containsExactly(
                        "GET /health",
                        "GET /health/{selector}",
                        "GET /unblock/{token}",
                        "HEAD /health",
                        "HEAD /health/{selector}",
                        "POST /api/v1/enroll",
                        "POST /unblock/{token}");
    }

    @Test
    void theUnblockPageAnswersWithoutTokenAndNeighbouringPathsDoNot() {
        HttpResponse<String> page = server.send(server.request("/unblock/v1.abc.def").GET());
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(server.send(server.request("/unblock/v1.abc.def/x").GET()).statusCode())
                .isEqualTo(401);
        assertThat(
                        server.send(
                                        server.request("/unblock/v1.abc.def")
                                                .PUT(HttpRequest.BodyPublishers.ofString("")))
                                .statusCode())
                .isEqualTo(401);
    }

    @Test
    void unknownPathWithoutTokenIs401() {
        HttpResponse<String> r = server.send(server.request("/nothing/here").GET());
        assertThat(r.statusCode()).isEqualTo(401);
    }
}
