package dev.vpsguard.server.console.page;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.console.access.ConsoleRole;
import dev.vpsguard.server.console.access.ConsoleUser;
import dev.vpsguard.server.console.access.ConsoleUsers;
import dev.vpsguard.server.console.access.SessionCookies;
import dev.vpsguard.server.decision.smtp.UnblockService;
import dev.vpsguard.server.ladder.Actor;
import dev.vpsguard.server.ladder.Role;
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
 * Blocks and requests: active blocks, and the unblock request queue an operator decides through the
 * same service as the API (same ladder rules, same audit, the console user as the actor).
 */
@Hidden
@Secured("viewer")
@Controller(SessionCookies.PATH + "/blocks")
public class BlocksController {
    private final BlockQueue queue;
    private final UnblockService unblocks;
    private final PageRenderer renderer;
    private final CsrfCheck csrfCheck;

    public BlocksController(
            BlockQueue queue, UnblockService unblocks, PageRenderer renderer, CsrfCheck csrfCheck) {
        this.queue = queue;
        this.unblocks = unblocks;
        this.renderer = renderer;
        this.csrfCheck = csrfCheck;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<?> list(HttpRequest<?> request) {
        return renderer.ok(request, "blocks", model(request, null, null));
    }

    /** Approve ({@code decision=approve}) or refuse ({@code decision=refuse}, with a reason). */
    @Secured("operator")
    @Post(
            value = "/requests/{id}/decision",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> decide(
            HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        Map<String, String> form = Pages.form(body);
        if (!csrfCheck.valid(request, form)) {
            return CsrfCheck.refused();
        }
        ConsoleUser user = SessionCookies.open(request).orElseThrow().user();
        Actor actor =
                new Actor(
                        ConsoleUsers.actor(user.username()),
                        user.consoleRole() == ConsoleRole.ADMIN ? Role.ADMIN : Role.OPERATOR);
        String decision = Pages.field(form, "decision");
        try {
            if (!decision.equals("approve") && !decision.equals("refuse")) {
                throw ApiException.invalidField("decision", "must be approve or refuse");
            }
            UnblockService.Outcome out =
                    unblocks.decide(
                            id,
                            decision.equals("approve"),
                            Pages.field(form, "reason"),
                            false,
                            actor);
            return renderer.ok(request, "blocks", model(request, null, out));
        } catch (ApiException e) {
            Map<String, Object> model = model(request, e, null);
            return renderer.page(request, e.status(), "blocks", model);
        }
    }

    private Map<String, Object> model(
            HttpRequest<?> request, ApiException error, UnblockService.Outcome done) {
        Map<String, Object> model = Pages.model(request);
        model.put("blocks", queue.activeBlocks());
        model.put("requests", queue.queuedRequests());
        model.put("canDecide", Pages.atLeast(request, ConsoleRole.OPERATOR));
        model.put("errorField", error == null ? null : error.field());
        model.put("errorText", error == null ? null : error.getMessage());
        model.put("done", done);
        return model;
    }
}
