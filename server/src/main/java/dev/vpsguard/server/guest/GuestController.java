package dev.vpsguard.server.guest;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

/** Admin API for guests. */
@Controller("/api/v1/guests")
public class GuestController {
    private final GuestService service;

    public GuestController(GuestService service) {
        this.service = service;
    }

    @Get("/{id}")
    public GuestDetail get(@PathVariable String id) {
        return service.get(id);
    }
}
