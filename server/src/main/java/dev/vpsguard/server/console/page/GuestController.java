package dev.vpsguard.server.console.page;

import dev.vpsguard.server.console.access.SessionCookies;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import java.util.Optional;

/** The guest page: its tenant and contract, its ladder, its active block, its audit trail. */
@Hidden
@Secured("viewer")
@Controller(SessionCookies.PATH + "/guests")
public class GuestController {
    private final GuestPage guests;
    private final PageRenderer renderer;
    private final AvailabilityPage availability;

    public GuestController(GuestPage guests, PageRenderer renderer, AvailabilityPage availability) {
        this.guests = guests;
        this.availability = availability;
        this.renderer = renderer;
    }

    @Get(value = "/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> guest(HttpRequest<?> request, @PathVariable String id) {
        Map<String, Object> model = Pages.model(request);
        Optional<GuestPage.View> view = guests.of(id);
        if (view.isEmpty()) {
            model.put("error", "guest.notFound");
            return renderer.page(request, HttpStatus.NOT_FOUND, "error", model);
        }
        model.put("v", view.get());
        model.put("avail", availability.guest(view.get().guest(), view.get().tenantId()));
        // Loads uPlot and the chart script in the page's head (see layout.html).
        model.put("charts", true);
        return renderer.ok(request, "guest", model);
    }
}
