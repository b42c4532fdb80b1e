package dev.vpsguard.server.console.page;

import dev.vpsguard.server.audit.AuditRecord;
import dev.vpsguard.server.audit.AuditSearch;
import dev.vpsguard.server.console.access.SessionCookies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The audit log page: filter by actor, guest, kind and time, newest first, 50 a page. Times typed
 * in the form are in the browser's time zone ({@code tz}, filled in by the page's script; UTC
 * without it).
 */
@Hidden
@Secured("viewer")
@Controller(SessionCookies.PATH + "/audit")
public class AuditLogController {
    static final int PAGE = 50;

    private final AuditSearch search;
    private final PageRenderer renderer;

    public AuditLogController(AuditSearch search, PageRenderer renderer) {
        this.search = search;
        this.renderer = renderer;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<?> list(
            HttpRequest<?> request,
            @Nullable @QueryValue String actor,
            @Nullable @QueryValue String guest,
            @Nullable @QueryValue String kind,
            @Nullable @QueryValue String from,
            @Nullable @QueryValue String to,
            @Nullable @QueryValue String tz,
            @Nullable @QueryValue String page) {
        Map<String, Object> model = Pages.model(request);
        model.put("actor", text(actor));
        model.put("guest", text(guest));
        model.put("kind", text(kind));
        model.put("from", text(from));
        model.put("to", text(to));
        model.put("tz", text(tz));
        model.put("kinds", search.kinds());
        ZoneId zone = ZoneOffset.UTC;
        int pageNo;
        Instant start;
        Instant end;
        try {
            if (tz != null && !tz.isBlank()) {
                zone = ZoneId.of(tz.strip());
            }
        } catch (DateTimeException e) {
            return refused(request, model, "tz", "tz");
        }
        try {
            start = instant(from, zone);
        } catch (DateTimeException e) {
            return refused(request, model, "from", "time");
        }
        try {
            end = instant(to, zone);
        } catch (DateTimeException e) {
            return refused(request, model, "to", "time");
        }
        try {
            pageNo = page == null || page.isBlank() ? 1 : Integer.parseInt(page.strip());
            if (pageNo < 1 || pageNo > 1_000_000) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            return refused(request, model, "page", "page");
        }
        List<AuditRecord> rows =
                search.find(
                        new AuditSearch.Filter(actor, guest, kind, start, end),
                        PAGE + 1,
                        (long) (pageNo - 1) * PAGE);
        model.put("rows", rows.size() > PAGE ? rows.subList(0, PAGE) : rows);
        model.put("page", pageNo);
        model.put("hasNext", rows.size() > PAGE);
        model.put("zone", zone.getId());
        return renderer.ok(request, "audit", model);
    }

    private HttpResponse<?> refused(
            HttpRequest<?> request, Map<String, Object> model, String field, String reason) {
        model.put("rows", List.of());
        model.put("page", 1);
        model.put("hasNext", false);
        model.put("errorField", field);
        model.put("errorKey", "audit.bad." + reason);
        return renderer.page(request, HttpStatus.BAD_REQUEST, "audit", model);
    }

    /** A {@code datetime-local} value ({@code 2026-12-03T10:15}) in {@code zone}, or null. */
    static Instant instant(@Nullable String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return LocalDateTime.parse(value.strip()).atZone(zone).toInstant();
    }

    private static String text(@Nullable String s) {
        return s == null ? "" : s;
    }
}
