package dev.vpsguard.server.availability.api;

import dev.vpsguard.server.api.JsonBody;
import dev.vpsguard.server.api.Paging;
import dev.vpsguard.server.auth.Caller;
import dev.vpsguard.server.auth.TokenRole;
import dev.vpsguard.server.availability.service.AvailabilityAdmin;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;

/** Declared maintenance windows: read (any role), declare and withdraw (operator). */
@Controller("/api/v1/maintenance-windows")
public class MaintenanceController {
    private final AvailabilityAdmin admin;

    public MaintenanceController(AvailabilityAdmin admin) {
        this.admin = admin;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<AvailabilityAdmin.WindowView> declare(
            @Nullable @Body byte[] body, HttpRequest<?> request) {
        String actor = Caller.require(request, TokenRole.OPERATOR).actor();
        return HttpResponse.<AvailabilityAdmin.WindowView>status(HttpStatus.CREATED)
                .body(
                        admin.declare(
                                JsonBody.read(body, AvailabilityAdmin.WindowBody.class), actor));
    }

    @Get
    public List<AvailabilityAdmin.WindowView> list(
            @Nullable @QueryValue Integer limit, @Nullable @QueryValue Long offset) {
        return admin.windows(Paging.of(limit, offset));
    }

    @Delete("/{id}")
    public HttpResponse<Void> withdraw(@PathVariable String id, HttpRequest<?> request) {
        String actor = Caller.require(request, TokenRole.OPERATOR).actor();
        admin.withdraw(id, actor);
        return HttpResponse.noContent();
    }
}
