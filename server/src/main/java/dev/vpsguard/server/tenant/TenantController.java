package dev.vpsguard.server.tenant;

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
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;

/** Tenants: read (any role), create and update (operator). */
@Controller("/api/v1/tenants")
public class TenantController {
    private final TenantService service;

    public TenantController(TenantService service) {
        this.service = service;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<TenantView> create(@Nullable @Body byte[] body, HttpRequest<?> request) {
        String actor = Caller.require(request, TokenRole.OPERATOR).actor();
        TenantService.TenantBody b = JsonBody.read(body, TenantService.TenantBody.class);
        return HttpResponse.<TenantView>status(HttpStatus.CREATED)
                .body(TenantView.of(service.create(b, actor)));
    }

    /** Tenants by id. */
    @Get
    public List<TenantView> list(
            @Nullable @QueryValue Integer limit, @Nullable @QueryValue Long offset) {
        return service.list(Paging.of(limit, offset)).stream().map(TenantView::of).toList();
    }

    @Get("/{id}")
    public TenantView get(@PathVariable String id) {
        return TenantView.of(service.get(id));
    }

    @Put("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public TenantView update(
            @PathVariable String id, @Nullable @Body byte[] body, HttpRequest<?> request) {
        String actor = Caller.require(request, TokenRole.OPERATOR).actor();
        return TenantView.of(
                service.update(id, JsonBody.read(body, TenantService.TenantBody.class), actor));
    }
}
