package dev.vpsguard.server.console.page;

import dev.vpsguard.server.action.ActionDecisions;
import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.console.access.ConsoleRole;
import dev.vpsguard.server.console.access.SessionCookies;
import dev.vpsguard.server.decision.resource.ResourceDecisions;
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

/**
 * Actions awaiting approval (throttle, isolate, suspend) with their evidence and clauses, decided
 * by an operator with a written reason; and reinstating an isolated or suspended guest (R3). The
 * same services as the API decide, with the console user as the actor.
 */
@Hidden
@Secured("viewer")
@Controller(SessionCookies.PATH + "/actions")
public class ActionsController {
    private final ActionQueue queue;
    private final ActionDecisions decisions;
    private final ResourceDecisions resources;
    private final PageRenderer renderer;
    private final FormPosts forms;

    public ActionsController(
            ActionQueue queue,
            ActionDecisions decisions,
            ResourceDecisions resources,
            PageRenderer renderer,
            FormPosts forms) {
        this.queue = queue;
        this.decisions = decisions;
        this.resources = resources;
        this.renderer = renderer;
        this.forms = forms;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<?> list(HttpRequest<?> request) {
        return renderer.ok(request, "actions", model(request, null, null));
    }

    /**
     * Approve ({@code decision=approve}) or refuse ({@code decision=refuse}); a reason either way.
     */
    @Secured("operator")
    @Post(
            value = "/{id}/decision",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> decide(
            HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return forms.handle(
                request,
                body,
                "actions",
                form -> {
                    decisions.decide(
                            id,
                            Pages.approves(form),
                            Pages.field(form, "reason"),
                            Pages.staff(request));
                    return Pages.approves(form) ? "actions.done.approve" : "actions.done.refuse";
                },
                (error, done) -> model(request, error, done));
    }

    /** Lifts a guest's isolation and suspension: the customer fixed the cause (R3). */
    @Secured("operator")
    @Post(
            value = "/guests/{guestId}/reinstate",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> reinstate(
            HttpRequest<?> request, @PathVariable String guestId, @Nullable @Body String body) {
        return forms.handle(
                request,
                body,
                "actions",
                form -> {
                    resources.reinstate(guestId, Pages.staff(request), Pages.field(form, "reason"));
                    return "actions.done.reinstate";
                },
                (error, done) -> model(request, error, done));
    }

    private Map<String, Object> model(HttpRequest<?> request, ApiException error, String done) {
        Map<String, Object> model = Pages.refused(Pages.model(request), error);
        model.put("waiting", queue.waiting());
        model.put("enforced", queue.enforced());
        model.put("canDecide", Pages.atLeast(request, ConsoleRole.OPERATOR));
        model.put("done", done);
        return model;
    }
}
