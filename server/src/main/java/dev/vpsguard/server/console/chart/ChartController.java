package dev.vpsguard.server.console.chart;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.console.access.SessionCookies;
import dev.vpsguard.server.guest.GuestRepository;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The guest page's chart data as JSON (the CSP allows no inline script, so the page's script
 * fetches it). The page polls {@code hour?since=} for new samples; see docs/decisions.md,
 * "Console".
 */
@Hidden
@Secured("viewer")
@Controller(SessionCookies.PATH + "/guests/{id}/charts")
public class ChartController {
    private final GuestCharts charts;
    private final GuestRepository guests;

    public ChartController(GuestCharts charts, GuestRepository guests) {
        this.charts = charts;
        this.guests = guests;
    }

    /** The last hour at full resolution; {@code since} (epoch second) keeps only newer samples. */
    @Get(value = "/hour", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> hour(@PathVariable String id, @Nullable @QueryValue String since) {
        known(id);
        Long after = null;
        if (since != null) {
            try {
                after = Long.parseLong(since);
            } catch (NumberFormatException e) {
                throw ApiException.invalidField("since", "must be an epoch second");
            }
        }
        return json(charts.hour(id, after));
    }

    /** The last 30 days from the rollups, in 30-minute points. */
    @Get(value = "/month", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> month(@PathVariable String id) {
        known(id);
        return json(charts.month(id));
    }

    private void known(String id) {
        if (!guests.existsById(id)) {
            throw ApiException.notFound("no guest " + id);
        }
    }

    private static HttpResponse<String> json(Columns columns) {
        // Live data: never from a cache.
        return HttpResponse.ok(columns.json())
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store");
    }
}
