package dev.vpsguard.server.console;

import dev.vpsguard.server.TestServer;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.uri.UriMatchTemplate;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The server's routes as its {@link Router} knows them, the one place the console's security tests
 * (routes, CSRF, CSP, escaping, accessibility, screenshots) take their pages from: a page added to
 * the console is covered by all of them without touching a test.
 */
final class ConsoleRoutes {
    static final String CONSOLE = "/console";
    static final String LOGIN = CONSOLE + "/login";

    /** Not pages of a signed-in user: the home redirect and the login page. */
    private static final java.util.Set<String> SIGNED_OUT = java.util.Set.of(CONSOLE, LOGIN);

    private ConsoleRoutes() {}

    /**
     * Every route of the server: method and path template, e.g. {@code GET /console/hosts/{id}}.
     */
    static List<UriRouteInfo<?, ?>> all(TestServer server) {
        return server.context().getBean(Router.class).uriRoutes().toList();
    }

    static boolean isConsole(UriRouteInfo<?, ?> route) {
        String p = template(route);
        return p.equals(CONSOLE) || p.startsWith(CONSOLE + "/");
    }

    static String template(UriRouteInfo<?, ?> route) {
        return route.getUriMatchTemplate().toPathString();
    }

    static String name(UriRouteInfo<?, ?> route) {
        return route.getHttpMethod() + " " + template(route);
    }

    /**
     * The console's pages for a signed-in user: every {@code GET} route under {@code /console} that
     * answers HTML but the home redirect and the login page (signed-out only), with its path
     * variables filled from {@code ids} (keyed by the path segment before the variable, e.g. {@code
     * hosts} for {@code /console/hosts/{id}}), sorted. A page whose variable has no sample id
     * fails, naming what to add.
     */
    static List<String> pages(TestServer server, Map<String, String> ids) {
        TreeSet<String> out = new TreeSet<>();
        for (UriRouteInfo<?, ?> r : all(server)) {
            if (isConsole(r)
                    && !SIGNED_OUT.contains(template(r))
                    && r.getHttpMethod() == HttpMethod.GET
                    && r.getProduces().contains(MediaType.TEXT_HTML_TYPE)) {
                out.add(expand(r.getUriMatchTemplate(), ids));
            }
        }
        return new ArrayList<>(out);
    }

    /** Every console route of {@code method} with its variables filled from {@code ids}. */
    static List<String> paths(TestServer server, HttpMethod method, Map<String, String> ids) {
        return all(server).stream()
                .filter(r -> isConsole(r) && r.getHttpMethod() == method)
                .map(r -> expand(r.getUriMatchTemplate(), ids))
                .sorted()
                .toList();
    }

    /**
     * The template with each variable replaced by the sample id of the segment before it ({@code
     * /console/guests/{id}/x} takes {@code ids.get("guests")}); {@code "*"} in {@code ids} is the
     * value of any other variable.
     */
    static String expand(UriMatchTemplate template, Map<String, String> ids) {
        String path = template.toPathString();
        Map<String, Object> values = new HashMap<>();
        String[] segments = path.split("/");
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            if (s.startsWith("{") && s.endsWith("}")) {
                String variable = s.substring(1, s.length() - 1).split(":")[0];
                String value = ids.getOrDefault(segments[i - 1], ids.get("*"));
                if (value == null) {
                    throw new AssertionError(
                            path
                                    + ": no sample value for {"
                                    + variable
                                    + "} after /"
                                    + segments[i - 1]
                                    + "; add one to the ids of the console's security tests");
                }
                values.put(variable, value);
            }
        }
        return template.expand(values);
    }
}
