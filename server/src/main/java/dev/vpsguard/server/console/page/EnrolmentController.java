package dev.vpsguard.server.console.page;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.Paging;
import dev.vpsguard.server.console.access.SessionCookies;
import dev.vpsguard.server.host.CreatedHost;
import dev.vpsguard.server.host.HostService;
import dev.vpsguard.server.host.HostView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Enrolment (admins): create a host and get its one-time token with the exact {@code vpsguard-agent
 * enroll} command to run on it; a new token for a host not enrolled; revoking a host.
 */
@Hidden
@Secured("admin")
@Controller(SessionCookies.PATH + "/enrolment")
public class EnrolmentController {
    /** What a Host header may be for the command to copy: a name or address and a port. */
    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");

    /** A host as this page lists it, with its enrolment status. */
    public record Line(HostView host, String status) {}

    /** A token just issued, shown this once, and the command that uses it. */
    public record Issued(CreatedHost host, String name, String command) {}

    private final HostService hosts;
    private final PageRenderer renderer;
    private final FormPosts forms;
    private final Clock clock;

    public EnrolmentController(
            HostService hosts, PageRenderer renderer, FormPosts forms, Clock clock) {
        this.hosts = hosts;
        this.renderer = renderer;
        this.forms = forms;
        this.clock = clock;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<?> page(HttpRequest<?> request) {
        return renderer.ok(request, "enrolment", model(request, null, null));
    }

    /** Creates a host ({@code name}); the answer shows its token and command once. */
    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> create(HttpRequest<?> request, @Nullable @Body String body) {
        return forms.handle(
                request,
                body,
                "enrolment",
                form -> {
                    String name = Pages.field(form, "name");
                    return issued(request, hosts.create(name, actor(request)), name.strip());
                },
                (error, done) -> model(request, error, done));
    }

    /** A fresh one-time token for a host whose agent is not enrolled. */
    @Post(
            value = "/{id}/token",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> newToken(
            HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return forms.handle(
                request,
                body,
                "enrolment",
                form -> {
                    CreatedHost h = hosts.newToken(id, actor(request));
                    return issued(request, h, hosts.get(id).host().name());
                },
                (error, done) -> model(request, error, done));
    }

    /**
     * Revokes a host (ticked {@code confirm=yes}): its agent is refused from its next report on.
     */
    @Post(
            value = "/{id}/revoke",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> revoke(
            HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return forms.handle(
                request,
                body,
                "enrolment",
                form -> {
                    if (!Pages.field(form, "confirm").equals("yes")) {
                        throw ApiException.invalidField(
                                "confirm", "tick the box: its agent will be refused at once");
                    }
                    hosts.revoke(id, actor(request));
                    return (Issued) null;
                },
                (error, done) -> {
                    Map<String, Object> model = model(request, error, done);
                    model.put("revoked", error == null);
                    return model;
                });
    }

    private Issued issued(HttpRequest<?> request, CreatedHost h, String name) {
        return new Issued(
                h,
                name,
                "vpsguard-agent enroll --server "
                        + serverUrl(request)
                        + " --token "
                        + h.enrollmentToken());
    }

    /**
     * The server's URL as the admin's browser reached it, which the agent is to reach too; a Host
     * header that is no plain name and port (it goes into a shell command) gives a placeholder.
     */
    static String serverUrl(HttpRequest<?> request) {
        String host = request.getHeaders().get(HttpHeaders.HOST);
        String scheme = request.isSecure() ? "https" : "http";
        String proto = request.getHeaders().get("X-Forwarded-Proto");
        if ("https".equals(proto) || "http".equals(proto)) {
            scheme = proto;
        }
        return host != null && HOST.matcher(host).matches()
                ? scheme + "://" + host
                : "https://SERVER";
    }

    private static String actor(HttpRequest<?> request) {
        return Pages.staff(request).id();
    }

    private Map<String, Object> model(HttpRequest<?> request, ApiException error, Issued done) {
        Instant now = clock.instant();
        List<Line> lines =
                hosts.list(new Paging(Paging.MAX_LIMIT, 0)).stream()
                        .map(h -> new Line(h, status(h, now)))
                        .toList();
        Map<String, Object> model = Pages.refused(Pages.model(request), error);
        model.put("hosts", lines);
        model.put("issued", done);
        return model;
    }

    /** enrolled, waiting (token valid), expired (token unused and expired) or revoked. */
    private static String status(HostView h, Instant now) {
        if (h.enrolled()) {
            return "enrolled";
        }
        if (h.enrollmentExpiresAt() == null) {
            return "revoked";
        }
        return now.isBefore(h.enrollmentExpiresAt()) ? "waiting" : "expired";
    }
}
