package dev.vpsguard.server.availability.service;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.availability.LedgerBook;
import dev.vpsguard.server.availability.LedgerCalculator;
import dev.vpsguard.server.availability.LedgerEntry;
import dev.vpsguard.server.availability.Months;
import dev.vpsguard.server.availability.Outage;
import dev.vpsguard.server.availability.SlaPolicies;
import dev.vpsguard.server.availability.SlaPolicy;
import dev.vpsguard.server.availability.Span;
import dev.vpsguard.server.availability.store.LedgerStore;
import dev.vpsguard.server.availability.store.SlaTermsRepository;
import dev.vpsguard.server.availability.store.SlaTermsRow;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.tenant.TenantRepository;
import dev.vpsguard.server.tenant.TenantRow;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's month computed from its guests' stored episodes under its contract's policy, and the
 * writes of the book: close (once) and corrections (with a reason).
 */
@Singleton
public class LedgerService {
    /** What a month is computed from. */
    public record Basis(TenantRow tenant, SlaPolicy policy, SlaTermsRow terms) {
        public ZoneId zone() {
            return ZoneId.of(terms.timeZone());
        }
    }

    private final TenantRepository tenants;
    private final SlaTermsRepository terms;
    private final GuestRepository guests;
    private final GuestTimeline timeline;
    private final LedgerStore store;
    private final AvailabilityAlerts alerts;

    LedgerService(
            TenantRepository tenants,
            SlaTermsRepository terms,
            GuestRepository guests,
            GuestTimeline timeline,
            LedgerStore store,
            AvailabilityAlerts alerts) {
        this.alerts = alerts;
        this.tenants = tenants;
        this.terms = terms;
        this.guests = guests;
        this.timeline = timeline;
        this.store = store;
    }

    /** The tenant's ledger basis, empty when its contract promises nothing or it has no terms. */
    @Transactional(readOnly = true)
    public Optional<Basis> basis(String tenantId) {
        TenantRow t = tenants.findById(tenantId).orElse(null);
        if (t == null) {
            return Optional.empty();
        }
        Optional<SlaPolicy> p = SlaPolicies.forContract(t.contract());
        Optional<SlaTermsRow> s = terms.findById(tenantId);
        return p.isPresent() && s.isPresent()
                ? Optional.of(new Basis(t, p.get(), s.get()))
                : Optional.empty();
    }

    /** The tenant's guests with their outages from the start of the month's year to its end. */
    @Transactional(readOnly = true)
    public Map<String, List<Outage>> outages(Basis b, YearMonth month, Instant now) {
        Span year = Months.of(Year.of(month.getYear()), b.zone());
        Span upTo = new Span(year.start(), Months.of(month, b.zone()).end());
        Map<String, List<Outage>> out = new LinkedHashMap<>();
        for (Guest g : guests.page("", b.tenant().id(), "", 5000, 0)) {
            out.put(g.id(), timeline.outages(g, upTo, now));
        }
        return out;
    }

    /** The month as it stands now (closed or not). */
    @Transactional(readOnly = true)
    public LedgerEntry compute(Basis b, YearMonth month, Instant now) {
        return compute(b, month, outages(b, month, now));
    }

    private LedgerEntry compute(Basis b, YearMonth month, Map<String, List<Outage>> outages) {
        LedgerBook book = store.book(b.tenant().id());
        int window = b.policy().termination() == null ? 1 : b.policy().termination().window();
        return LedgerCalculator.month(
                b.policy(),
                month,
                b.zone(),
                outages,
                b.terms().monthlyFee(),
                book.missedBefore(month, Math.max(0, window - 1)));
    }

    /**
     * Closes the month and enqueues the customer's statement in the same transaction; refused (by
     * the book) when the month is closed already.
     */
    @Transactional
    public LedgerBook.Record close(Basis b, YearMonth month, Instant now) {
        Map<String, List<Outage>> outages = outages(b, month, now);
        LedgerBook.Record r = store.close(b.tenant().id(), compute(b, month, outages), now);
        alerts.closed(b, r, outages);
        return r;
    }

    /** Records a correction of a closed month: the month recomputed from what is stored now. */
    @Transactional
    public LedgerBook.Record correct(String tenantId, YearMonth month, String reason, Instant now) {
        Basis b =
                basis(tenantId)
                        .orElseThrow(
                                () ->
                                        ApiException.conflict(
                                                "tenant "
                                                        + tenantId
                                                        + " has no availability ledger (no"
                                                        + " promise in its contract, or no"
                                                        + " SLA terms)"));
        if (reason == null || reason.isBlank()) {
            throw ApiException.invalidField("reason", "required: why the month is corrected");
        }
        if (reason.length() > 500) {
            throw ApiException.invalidField("reason", "must be at most 500 characters");
        }
        if (!store.book(tenantId).isClosed(month)) {
            throw ApiException.conflict("month " + month + " is not closed yet");
        }
        return store.correct(tenantId, compute(b, month, now), reason, now);
    }
}
