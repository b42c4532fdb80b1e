package dev.vpsguard.server.guest;

import dev.vpsguard.server.api.Paging;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;

/** Admin API for guests. */
@Controller("/api/v1/guests")
public class GuestController {
    private final GuestService service;

    public GuestController(GuestService service) {
        this.service = service;
    }

    /** Every guest, by host then vmid; {@code host}, {@code tenant}, {@code state} filter. */
    @Get
    public List<GuestView> list(
            @Nullable @QueryValue String host,
            @Nullable @QueryValue String tenant,
            @Nullable @QueryValue String state,
            @Nullable @QueryValue Integer limit,
            @Nullable @QueryValue Long offset) {
        return service.list(host, tenant, state, Paging.of(limit, offset));
    }

    @Get("/{id}")
    public GuestDetail get(@PathVariable String id) {
        return service.get(id);
    }
}
