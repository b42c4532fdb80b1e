package dev.vpsguard.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vpsguard.server.TestServer;
import io.micronaut.web.router.Router;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated OpenAPI document is served to authenticated callers and covers every route. */
class OpenApiTest {
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
    void onlyAuthenticatedCallersGetIt() {
        assertThat(server.send(server.request("/api/v1/openapi.yml").GET()).statusCode())
                .isEqualTo(401);
        HttpResponse<String> r = server.get("/api/v1/openapi.yml", server.token("viewer"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/yaml");
        assertThat(r.body()).startsWith("openapi: 3.");
    }

    @Test
    void everyRouteOfTheRouterIsDocumented() throws Exception {
        HttpResponse<String> r = server.get("/api/v1/openapi.yml", TestServer.ADMIN_TOKEN);
        JsonNode paths = new YAMLMapper().readTree(r.body()).get("paths");
        List<String> missing = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        server.context()
                .getBean(Router.class)
                .uriRoutes()
                .forEach(
                        route -> {
                            String path = route.getUriMatchTemplate().toPathString();
                            // Management endpoints (health) are Micronaut's own, HEAD comes
                            // with every GET, and the document does not describe itself.
                            // The console's HTML pages are not part of the API.
                            if (path.startsWith("/health")
                                    || path.startsWith("/console")
                                    || route.getHttpMethod() == io.micronaut.http.HttpMethod.HEAD
                                    || path.equals("/api/v1/openapi.yml")) {
                                return;
                            }
                            String method = route.getHttpMethod().name().toLowerCase(Locale.ROOT);
                            checked.add(method + " " + path);
                            JsonNode item = paths.get(path);
                            if (item == null || !item.has(method)) {
                                missing.add(method + " " + path);
                            }
                        });
        assertThat(missing).as("routes missing from the OpenAPI document").isEmpty();
        assertThat(checked)
                .contains(
                        "get /api/v1/guests",
                        "get /api/v1/blocks/{id}",
                        "post /api/v1/reports",
                        "post /unblock/{token}");
    }
}
