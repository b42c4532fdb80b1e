package dev.vpsguard.server.host;

import dev.vpsguard.server.auth.Caller;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import java.util.List;

/** Admin API for hosts. */
@Controller("/api/v1/hosts")
public class HostController {
    private final HostService service;

    public HostController(HostService service) {
        this.service = service;
    }

    @Post
    public HttpResponse<CreatedHost> create(@Body CreateHostRequest body, HttpRequest<?> request) {
        return HttpResponse.<CreatedHost>status(HttpStatus.CREATED)
                .body(service.create(body.name(), Caller.of(request).actor()));
    }

    @Get
    public List<HostView> list() {
        return service.list();
    }

    @Get("/{id}")
    public HostDetail get(@PathVariable String id) {
        return service.get(id);
    }
}
