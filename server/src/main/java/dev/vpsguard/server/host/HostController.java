package dev.vpsguard.server.host;

import dev.vpsguard.server.api.JsonBody;
import dev.vpsguard.server.api.Paging;
import dev.vpsguard.server.auth.Caller;
import dev.vpsguard.server.auth.TokenRole;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;

/** Admin API for hosts. */
@Controller("/api/v1/hosts")
public class HostController {
    private final HostService service;

    public HostController(HostService service) {
        this.service = service;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<CreatedHost> create(@Nullable @Body byte[] body, HttpRequest<?> request) {
        CreateHostRequest create = JsonBody.read(body, CreateHostRequest.class);
        return HttpResponse.<CreatedHost>status(HttpStatus.CREATED)
                .body(
                        service.create(
                                create.name(), Caller.require(request, TokenRole.ADMIN).actor()));
    }

    /** A fresh one-time enrolment token for a host not enrolled (expired token, revoked). */
    @Post("/{id}/token")
    public CreatedHost newToken(@PathVariable String id, HttpRequest<?> request) {
        return service.newToken(id, Caller.require(request, TokenRole.ADMIN).actor());
    }

    /** Revokes the host's credential and unused token: its agent is refused from now on. */
    @Post("/{id}/revoke")
    public HttpResponse<Void> revoke(@PathVariable String id, HttpRequest<?> request) {
        service.revoke(id, Caller.require(request, TokenRole.ADMIN).actor());
        return HttpResponse.noContent();
    }

    /** Hosts, oldest first. */
    @Get
    public List<HostView> list(
            @Nullable @QueryValue Integer limit, @Nullable @QueryValue Long offset) {
        return service.list(Paging.of(limit, offset));
    }

    @Get("/{id}")
    public HostDetail get(@PathVariable String id) {
        return service.get(id);
    }
}
