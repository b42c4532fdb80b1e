package dev.vpsguard.server.action;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.JsonBody;
import dev.vpsguard.server.api.Paging;
import dev.vpsguard.server.auth.Caller;
import dev.vpsguard.server.auth.TokenRole;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Desired actions in force: their state as the agents acked it and for how long; approving or
 * refusing those that wait for an operator.
 */
@Controller("/api/v1/actions")
public class ActionController {
    private static final Set<String> STATES =
            Set.of("pending", "applied", "degraded", "failed", "awaiting_approval");

    /** An action and how long it has been in its state. */
    @Introspected
    public record ActionView(ActionDetail action, long secondsInState) {}

    /** Body of approve and refuse. */
    public record ReasonBody(String reason) {}

    private final ActionRepository actions;
    private final ActionDecisions decisions;
    private final Clock clock;

    public ActionController(ActionRepository actions, ActionDecisions decisions, Clock clock) {
        this.actions = actions;
        this.decisions = decisions;
        this.clock = clock;
    }

    @Get
    public List<ActionView> list(
            @Nullable @QueryValue String state,
            @Nullable @QueryValue Integer limit,
            @Nullable @QueryValue Long offset) {
        if (state != null && !STATES.contains(state)) {
            throw ApiException.invalidField("state", "must be one of " + STATES);
        }
        Instant now = clock.instant();
        Paging p = Paging.of(limit, offset);
        List<ActionRow> rows =
                state == null
                        ? actions.pageInForce(p.limit(), p.offset())
                        : actions.pageInForceByState(state, p.limit(), p.offset());
        return rows.stream()
                .map(
                        a ->
                                new ActionView(
                                        ActionDetail.of(a),
                                        Duration.between(a.since(), now).toSeconds()))
                .toList();
    }

    @Post("/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    public ActionDetail approve(
            @PathVariable String id, @Nullable @Body byte[] body, HttpRequest<?> request) {
        return ActionDetail.of(decide(id, body, request, true));
    }

    @Post("/{id}/refuse")
    @Consumes(MediaType.APPLICATION_JSON)
    public ActionDetail refuse(
            @PathVariable String id, @Nullable @Body byte[] body, HttpRequest<?> request) {
        return ActionDetail.of(decide(id, body, request, false));
    }

    private ActionRow decide(String id, byte[] body, HttpRequest<?> request, boolean approve) {
        Caller.Admin caller = Caller.require(request, TokenRole.OPERATOR);
        ReasonBody b = JsonBody.read(body, ReasonBody.class);
        return decisions.decide(id, approve, b.reason(), caller.staff());
    }
}
