package dev.vpsguard.server.console.page;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.console.access.ConsoleRole;
import dev.vpsguard.server.console.access.SessionCookies;
import dev.vpsguard.server.decision.smtp.UnblockService;
import dev.vpsguard.server.ladder.Channel;
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
 * Blocks and requests: active blocks, the unblock request queue an operator decides, requests
 * support files for a customer, and the refusals an admin may override; all through the same
 * service as the API (same ladder rules, same audit, the console user as the actor).
 */
@Hidden
@Secured("viewer")
@Controller(SessionCookies.PATH + "/blocks")
public class BlocksController {
    private final BlockQueue queue;
    private final UnblockService unblocks;
    private final PageRenderer renderer;
    private final FormPosts forms;

    public BlocksController(
            BlockQueue queue, UnblockService unblocks, PageRenderer renderer, FormPosts forms) {
        this.queue = queue;
        this.unblocks = unblocks;
        this.renderer = renderer;
        this.forms = forms;
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
        return forms.handle(
                request,
                body,
                "blocks",
                form -> {
                    return unblocks.decide(
                            id,
                            Pages.approves(form),
                            Pages.field(form, "reason"),
                            false,
                            Pages.staff(request));
                },
                (error, done) -> model(request, error, done));
    }

    /**
     * An unblock request filed by support for the customer (S7), with the customer's words or the
     * ticket: the ladder treats it as the customer's own, and the audit log names the operator and
     * the channel.
     */
    @Secured("operator")
    @Post(
            value = "/{id}/requests",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> fileForCustomer(
            HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return forms.handle(
                request,
                body,
                "blocks",
                form ->
                        unblocks.request(
                                id,
                                Pages.staff(request),
                                Channel.OPERATOR_ON_BEHALF,
                                Pages.field(form, "reason")),
                (error, done) -> model(request, error, done));
    }

    /** An admin lifts the block of a refused request, whatever its rung, with a reason (S9). */
    @Secured("admin")
    @Post(
            value = "/requests/{id}/override",
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = MediaType.TEXT_HTML)
    public HttpResponse<?> override(
            HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return forms.handle(
                request,
                body,
                "blocks",
                form ->
                        unblocks.decide(
                                id, null, Pages.field(form, "reason"), true, Pages.staff(request)),
                (error, done) -> model(request, error, done));
    }

    private Map<String, Object> model(
            HttpRequest<?> request, ApiException error, UnblockService.Outcome done) {
        Map<String, Object> model = Pages.refused(Pages.model(request), error);
        model.put("blocks", queue.activeBlocks());
        model.put("requests", queue.queuedRequests());
        model.put("refusals", queue.refusals());
        model.put("canDecide", Pages.atLeast(request, ConsoleRole.OPERATOR));
        model.put("done", done);
        return model;
    }
}
