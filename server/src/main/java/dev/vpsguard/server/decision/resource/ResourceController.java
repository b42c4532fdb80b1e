package dev.vpsguard.server.decision.resource;

import dev.vpsguard.server.api.JsonBody;
import dev.vpsguard.server.auth.Caller;
import dev.vpsguard.server.auth.TokenRole;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.transaction.annotation.Transactional;

/** A guest's resource quotas, and reinstating it after isolation or suspension (R3). */
@Controller("/api/v1/guests")
public class ResourceController {
    /** Body of {@code POST /guests/{id}/reinstate}. */
    public record ReinstateBody(String reason) {}

    private final ResourceDecisions resources;

    public ResourceController(ResourceDecisions resources) {
        this.resources = resources;
    }

    @Get("/{id}/resources")
    @Transactional
    public ResourceView resources(@PathVariable String id) {
        return resources.view(id);
    }

    /** Operators and admins; a written reason is required (R3: the customer fixed the cause). */
    @Post("/{id}/reinstate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public ResourceView reinstate(
            @PathVariable String id, @Nullable @Body byte[] body, HttpRequest<?> request) {
        Caller.Admin caller = Caller.require(request, TokenRole.OPERATOR);
        ReinstateBody b = JsonBody.read(body, ReinstateBody.class);
        return resources.reinstate(id, caller.staff(), b.reason());
    }
}
