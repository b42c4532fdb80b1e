package dev.vpsguard.server.availability.api;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.JsonBody;
import dev.vpsguard.server.auth.Caller;
import dev.vpsguard.server.auth.TokenRole;
import dev.vpsguard.server.availability.LedgerBook;
import dev.vpsguard.server.availability.service.AvailabilityAdmin;
import dev.vpsguard.server.availability.service.LedgerService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** A tenant's ledger terms (operator) and corrections of its closed months (operator). */
@Controller("/api/v1/tenants/{tenantId}")
public class AvailabilityAdminController {
    /** The body of a correction. */
    public record CorrectionBody(String reason) {}

    private final AvailabilityAdmin admin;
    private final LedgerService ledger;
    private final Clock clock;

    public AvailabilityAdminController(AvailabilityAdmin admin, LedgerService ledger, Clock clock) {
        this.admin = admin;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Get("/sla-terms")
    public AvailabilityAdmin.TermsView terms(@PathVariable String tenantId) {
        return admin.terms(tenantId);
    }

    @Put("/sla-terms")
    @Consumes(MediaType.APPLICATION_JSON)
    public AvailabilityAdmin.TermsView setTerms(
            @PathVariable String tenantId, @Nullable @Body byte[] body, HttpRequest<?> request) {
        String actor = Caller.require(request, TokenRole.OPERATOR).actor();
        return admin.setTerms(
                tenantId, JsonBody.read(body, AvailabilityAdmin.TermsBody.class), actor);
    }

    /**
     * Records a correction of a closed month: recomputed from what is stored now, with a reason.
     */
    @Post("/ledger/{month}/corrections")
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<LedgerRecordView> correct(
            @PathVariable String tenantId,
            @PathVariable String month,
            @Nullable @Body byte[] body,
            HttpRequest<?> request) {
        String actor = Caller.require(request, TokenRole.OPERATOR).actor();
        YearMonth m;
        try {
            m = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField("month", "must be a month as yyyy-MM, e.g. 2026-03");
        }
        CorrectionBody b = JsonBody.read(body, CorrectionBody.class);
        LedgerBook.Record r =
                ledger.correct(
                        tenantId,
                        m,
                        b.reason() == null || b.reason().isBlank()
                                ? null
                                : b.reason().strip() + " (by " + actor + ")",
                        clock.instant());
        return HttpResponse.<LedgerRecordView>status(HttpStatus.CREATED)
                .body(LedgerRecordView.of(r, true, clock.instant()));
    }
}
