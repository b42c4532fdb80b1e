package dev.vpsguard.server.console.page;

import dev.vpsguard.server.console.access.ConsoleRole;
import dev.vpsguard.server.console.access.ConsoleSessions;
import dev.vpsguard.server.console.access.SessionCookies;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** What every console page's model holds: texts, language, the user, the CSRF token. */
final class Pages {
    private Pages() {}

    /** The model of a page for the signed-in user of {@code request}. */
    static Map<String, Object> model(HttpRequest<?> request) {
        ConsoleSessions.Open open = SessionCookies.open(request).orElseThrow();
        String lang = Messages.language(open.user(), request);
        Map<String, Object> model = new HashMap<>();
        model.put("t", Messages.of(lang));
        model.put("lang", lang);
        model.put("username", open.user().username());
        model.put("role", open.user().role());
        model.put("isAdmin", open.user().consoleRole().key().equals("admin"));
        model.put("csrf", open.row().csrfToken());
        model.put("path", request.getPath());
        return model;
    }

    /**
     * The fields of an urlencoded form body. A malformed escape (%ZZ) leaves its field out, so the
     * form fails its own checks with a 4xx answer rather than a server error.
     */
    static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        if (body == null) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                form.putIfAbsent(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // Left out: see above.
            }
        }
        return form;
    }

    /** Whether the signed-in user of {@code request} has at least {@code role}. */
    static boolean atLeast(HttpRequest<?> request, ConsoleRole role) {
        return SessionCookies.open(request).orElseThrow().user().consoleRole().ordinal()
                >= role.ordinal();
    }

    static MutableHttpResponse<?> redirect(String path) {
        return HttpResponse.seeOther(URI.create(path));
    }

    /** A form field, or "" when absent. */
    static String field(Map<String, String> form, String name) {
        String v = form == null ? null : form.get(name);
        return v == null ? "" : v;
    }
}
