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
import java.util.List;
import java.util.Map;

/** The fleet page (every host) and the host page (its guests). */
@Hidden
@Secured("viewer")
@Controller(SessionCookies.PATH)
public class FleetController {
    private final PageRenderer renderer;
    private static final List<String> SORTS =
            List.of("attention", "name", "age", "guests", "blocks");

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

    @Get(value = "/fleet", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> fleet(
            HttpRequest<?> request,
            @Nullable @QueryValue String q,
            @Nullable @QueryValue String sort) {
        String chosen = sort != null && SORTS.contains(sort) ? sort : "attention";
        List<FleetRow> rows = fleet.rows(q, chosen.equals("attention") ? null : chosen);
        Map<String, Object> model = Pages.model(request);
        model.put("rows", rows);
        model.put("q", q == null ? "" : q);
        model.put("sort", chosen);
        model.put("sorts", SORTS);
        model.put("attention", rows.stream().filter(FleetRow::attention).count());
        return renderer.ok(request, "fleet", model);
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
