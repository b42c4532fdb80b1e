package dev.vpsguard.server.availability.api;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.availability.store.LedgerStore;
import dev.vpsguard.server.tenant.TenantService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

/** A tenant's availability ledger, read-only (any role): JSON, or CSV for export. */
@Controller("/api/v1/tenants/{tenantId}/ledger")
public class LedgerController {
    private final TenantService tenants;
    private final LedgerStore store;
    private final Clock clock;

    public LedgerController(TenantService tenants, LedgerStore store, Clock clock) {
        this.tenants = tenants;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Every record of the tenant's closed months, oldest month first; {@code month=yyyy-MM} for one
     * month.
     */
    @Get
    public List<LedgerRecordView> list(
            @PathVariable String tenantId, @Nullable @QueryValue String month) {
        return views(tenantId, month);
    }

    @Get("/csv")
    @Produces("text/csv")
    public HttpResponse<String> csv(
            @PathVariable String tenantId, @Nullable @QueryValue String month) {
        String body = LedgerCsv.render(views(tenantId, month));
        return HttpResponse.ok(body)
                .contentType(MediaType.of("text/csv; charset=utf-8"))
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"ledger-" + tenantId + ".csv\"");
    }

    private List<LedgerRecordView> views(String tenantId, @Nullable String month) {
        tenants.get(tenantId);
        YearMonth only = parse(month);
        return LedgerRecordView.list(store.book(tenantId), only, clock.instant());
    }

    private static YearMonth parse(@Nullable String month) {
        if (month == null) {
            return null;
        }
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField("month", "must be a month as yyyy-MM, e.g. 2026-03");
        }
    }
}
