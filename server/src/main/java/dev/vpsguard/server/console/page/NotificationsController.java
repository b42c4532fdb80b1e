package dev.vpsguard.server.console.page;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.console.access.ConsoleRole;
import dev.vpsguard.server.console.access.ConsoleUsers;
import dev.vpsguard.server.console.access.SessionCookies;
import dev.vpsguard.server.notify.DeadLetterRetry;
import dev.vpsguard.server.notify.outbox.OutboxItem;
import io.micronaut.core.annotation.Nullable;
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
import java.util.Map;

/** The notifications page: outbox state, dead letters with retry (operators), webhook endpoints. */
@Hidden
@Secured("viewer")
@Controller(SessionCookies.PATH + "/notifications")
public class NotificationsController {
    private final NotificationsPage page;
    private final DeadLetterRetry retries;
    private final PageRenderer renderer;
    private final CsrfCheck csrfCheck;

    public NotificationsController(
            NotificationsPage page,
            DeadLetterRetry retries,
            PageRenderer renderer,
            CsrfCheck csrfCheck) {
        this.page = page;
        this.retries = retries;
        this.renderer = renderer;
        this.csrfCheck = csrfCheck;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<?> list(HttpRequest<?> request) {
        return renderer.ok(request, "notifications", model(request, null, null));
    }

    /** Puts a dead letter back in the queue, audited with the user's name. */
    @Secured("operator")
    @Post(
            value = "/{id}/retry",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> retry(
            HttpRequest<?> request, @PathVariable long id, @Nullable @Body String body) {
        if (!csrfCheck.valid(request, Pages.form(body))) {
            return CsrfCheck.refused();
        }
        String user = SessionCookies.open(request).orElseThrow().user().username();
        try {
            OutboxItem retried = retries.retry(ConsoleUsers.actor(user), id);
            return renderer.ok(request, "notifications", model(request, null, retried));
        } catch (ApiException e) {
            return renderer.page(request, e.status(), "notifications", model(request, e, null));
        }
    }

    private Map<String, Object> model(
            HttpRequest<?> request, @Nullable ApiException error, @Nullable OutboxItem retried) {
        Map<String, Object> model = Pages.model(request);
        model.put("v", page.view());
        model.put("canRetry", Pages.atLeast(request, ConsoleRole.OPERATOR));
        model.put("errorText", error == null ? null : error.getMessage());
        model.put("retried", retried);
        return model;
    }
}
