package dev.vpsguard.server.console.page;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.block.BlockRow;
import dev.vpsguard.server.console.access.SessionCookies;
import dev.vpsguard.server.host.HostDetail;
import dev.vpsguard.server.host.HostService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;

/** The fleet page (every host) and the host page (its guests). */
@Hidden
@Secured("viewer")
@Controller(SessionCookies.PATH)
public class FleetController {
    private final PageRenderer renderer;
    private final FleetService fleet;
    private final HostService hosts;
    private final HostPage hostPage;

    public FleetController(
            FleetService fleet, HostService hosts, HostPage hostPage, PageRenderer renderer) {
        this.fleet = fleet;
        this.hosts = hosts;
        this.hostPage = hostPage;
        this.renderer = renderer;
    }

    /**
     * The fleet's counts and one page of its hosts. A parameter that is not one of its values
     * answers 400 naming it, a page past the last 404, each with the page and its counts.
     */
    @Get(value = "/fleet", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> fleet(
            HttpRequest<?> request,
            @Nullable @QueryValue String q,
            @Nullable @QueryValue String show,
            @Nullable @QueryValue String sort,
            @Nullable @QueryValue String page) {
        Map<String, Object> model = Pages.model(request);
        model.put("shows", FleetFilter.shows());
        model.put("sorts", FleetFilter.sorts());
        FleetFilter filter;
        try {
            filter = FleetFilter.parse(q, show, sort, page);
        } catch (FleetFilter.Refused e) {
            // The counts still show; the list starts over from the default filter's first page.
            FleetFilter start = FleetFilter.parse(null, null, null, null);
            put(model, start, fleet.page(start));
            model.put("q", q == null ? "" : q.strip());
            model.put("errorField", e.field());
            model.put("errorKey", "fleet.bad." + e.field());
            return renderer.page(request, HttpStatus.BAD_REQUEST, "fleet", model);
        }
        FleetService.FleetPage result = fleet.page(filter);
        put(model, filter, result);
        model.put("q", q == null ? "" : q.strip());
        if (result.pastTheEnd()) {
            model.put("errorField", "page");
            model.put("errorKey", "fleet.bad.pastEnd");
            return renderer.page(request, HttpStatus.NOT_FOUND, "fleet", model);
        }
        return renderer.ok(request, "fleet", model);
    }

    private static void put(
            Map<String, Object> model, FleetFilter filter, FleetService.FleetPage result) {
        model.put("rows", result.rows());
        model.put("summary", result.summary());
        model.put("matching", result.matching());
        model.put("page", result.page());
        model.put("pages", result.pages());
        model.put("show", filter.show().param());
        model.put("sort", filter.sort().param());
    }

    @Get(value = "/hosts/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> host(HttpRequest<?> request, @PathVariable String id) {
        Map<String, Object> model = Pages.model(request);
        HostDetail detail;
        try {
            detail = hosts.get(id);
        } catch (ApiException e) {
            if (e.status() != HttpStatus.NOT_FOUND) {
                throw e;
            }
            model.put("error", "host.notFound");
            return renderer.page(request, HttpStatus.NOT_FOUND, "error", model);
        }
        Map<String, BlockRow> blocks = fleet.activeBlocksOf(detail.guests());
        model.put("host", detail.host());
        model.put("guests", detail.guests());
        model.put("rows", hostPage.rows(detail.host(), detail.guests()));
        model.put("enrolment", hostPage.enrolment(detail.host()));
        model.put("blocks", blocks);
        model.put(
                "running",
                detail.guests().stream().filter(g -> "running".equals(g.status())).count());
        return renderer.ok(request, "host", model);
    }
}
