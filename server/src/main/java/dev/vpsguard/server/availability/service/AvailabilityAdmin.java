package dev.vpsguard.server.availability.service;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.Paging;
import dev.vpsguard.server.audit.AuditLog;
import dev.vpsguard.server.availability.store.MaintenanceRepository;
import dev.vpsguard.server.availability.store.MaintenanceRow;
import dev.vpsguard.server.availability.store.SlaTermsRepository;
import dev.vpsguard.server.availability.store.SlaTermsRow;
import dev.vpsguard.server.host.HostRepository;
import dev.vpsguard.server.tenant.TenantRepository;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** Ledger terms per tenant and declared maintenance windows: validated, audited writes. */
@Singleton
public class AvailabilityAdmin {
    /** The body of {@code PUT /tenants/{id}/sla-terms}. */
    public record TermsBody(
            BigDecimal monthlyFee, String currency, String timeZone, String firstMonth) {}

    /** A tenant's terms as the API shows them. */
    @Introspected
    public record TermsView(
            String tenantId,
            BigDecimal monthlyFee,
            String currency,
            String timeZone,
            String firstMonth,
            Instant updatedAt) {
        static TermsView of(SlaTermsRow r) {
            return new TermsView(
                    r.tenantId(),
                    r.monthlyFee(),
                    r.currency(),
                    r.timeZone(),
                    r.firstMonth(),
                    r.updatedAt());
        }
    }

    /** The body of {@code POST /maintenance-windows}; {@code hostId} absent for every host. */
    public record WindowBody(
            @Nullable String hostId, Instant startsAt, Instant endsAt, String reason) {}

    /** A declared maintenance window as the API shows it. */
    @Introspected
    public record WindowView(
            String id,
            @Nullable String hostId,
            Instant startsAt,
            Instant endsAt,
            String reason,
            String createdBy,
            Instant createdAt) {
        static WindowView of(MaintenanceRow r) {
            return new WindowView(
                    r.id(),
                    r.hostId(),
                    r.startsAt(),
                    r.endsAt(),
                    r.reason(),
                    r.createdBy(),
                    r.createdAt());
        }
    }

    /** The longest window one declaration may cover. */
    static final Duration MAX_WINDOW = Duration.ofDays(7);

    private final SlaTermsRepository terms;
    private final TenantRepository tenants;
    private final MaintenanceRepository windows;
    private final HostRepository hosts;
    private final AuditLog audit;
    private final Clock clock;

    AvailabilityAdmin(
            SlaTermsRepository terms,
            TenantRepository tenants,
            MaintenanceRepository windows,
            HostRepository hosts,
            AuditLog audit,
            Clock clock) {
        this.terms = terms;
        this.tenants = tenants;
        this.windows = windows;
        this.hosts = hosts;
        this.audit = audit;
        this.clock = clock;
    }

    public TermsView terms(String tenantId) {
        requireTenant(tenantId);
        return terms.findById(tenantId)
                .map(TermsView::of)
                .orElseThrow(
                        () -> ApiException.notFound("tenant " + tenantId + " has no SLA terms"));
    }

    @Transactional
    public TermsView setTerms(String tenantId, TermsBody b, String actor) {
        requireTenant(tenantId);
        if (b.monthlyFee() == null
                || b.monthlyFee().signum() < 0
                || b.monthlyFee().scale() > 2
                || b.monthlyFee().precision() - b.monthlyFee().scale() > 10) {
            throw ApiException.invalidField(
                    "monthlyFee", "required: a non-negative amount with at most 2 decimals");
        }
        if (b.currency() == null || !b.currency().matches("[A-Z]{3}")) {
            throw ApiException.invalidField("currency", "required: an ISO 4217 code, e.g. EUR");
        }
        try {
            ZoneId.of(b.timeZone() == null ? "" : b.timeZone());
        } catch (DateTimeException e) {
            throw ApiException.invalidField(
                    "timeZone", "required: an IANA time zone, e.g. Europe/Paris");
        }
        try {
            YearMonth.parse(b.firstMonth() == null ? "" : b.firstMonth());
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField("firstMonth", "required: yyyy-MM, e.g. 2026-01");
        }
        SlaTermsRow row =
                new SlaTermsRow(
                        tenantId,
                        b.monthlyFee(),
                        b.currency(),
                        b.timeZone(),
                        b.firstMonth(),
                        clock.instant());
        if (terms.existsById(tenantId)) {
            terms.update(row);
        } else {
            terms.save(row);
        }
        audit.record(
                actor,
                "tenant.sla_terms",
                tenantId,
                "fee "
                        + b.monthlyFee().toPlainString()
                        + " "
                        + b.currency()
                        + ", zone "
                        + b.timeZone()
                        + ", from "
                        + b.firstMonth());
        return TermsView.of(row);
    }

    /**
     * Declares a window. It must start in the future: maintenance is announced before it happens,
     * never entered afterwards to excuse an outage.
     */
    @Transactional
    public WindowView declare(WindowBody b, String actor) {
        Instant now = clock.instant();
        if (b.hostId() != null && !hosts.existsById(b.hostId())) {
            throw ApiException.invalidField("hostId", "no host " + b.hostId());
        }
        if (b.startsAt() == null || b.startsAt().isBefore(now)) {
            throw ApiException.invalidField(
                    "startsAt", "required, and not in the past: maintenance is declared before");
        }
        if (b.endsAt() == null || !b.endsAt().isAfter(b.startsAt())) {
            throw ApiException.invalidField("endsAt", "required, after startsAt");
        }
        if (Duration.between(b.startsAt(), b.endsAt()).compareTo(MAX_WINDOW) > 0) {
            throw ApiException.invalidField("endsAt", "a window lasts at most 7 days");
        }
        if (b.reason() == null || b.reason().isBlank() || b.reason().length() > 500) {
            throw ApiException.invalidField("reason", "required, at most 500 characters");
        }
        MaintenanceRow row =
                windows.save(
                        new MaintenanceRow(
                                UUID.randomUUID().toString(),
                                b.hostId(),
                                b.startsAt(),
                                b.endsAt(),
                                b.reason().strip(),
                                actor,
                                now));
        audit.record(
                actor,
                "maintenance.declare",
                row.id(),
                (b.hostId() == null ? "every host" : "host " + b.hostId())
                        + " "
                        + b.startsAt()
                        + " to "
                        + b.endsAt()
                        + ": "
                        + row.reason());
        return WindowView.of(row);
    }

    public List<WindowView> windows(Paging paging) {
        return windows.page(paging.limit(), paging.offset()).stream().map(WindowView::of).toList();
    }

    /** Withdraws a window that has not started; one that has started is history. */
    @Transactional
    public void withdraw(String id, String actor) {
        MaintenanceRow row =
                windows.findById(id)
                        .orElseThrow(() -> ApiException.notFound("no maintenance window " + id));
        if (!row.startsAt().isAfter(clock.instant())) {
            throw ApiException.conflict("maintenance window " + id + " has started; it stays");
        }
        windows.deleteById(id);
        audit.record(actor, "maintenance.withdraw", id, row.reason());
    }

    private void requireTenant(String tenantId) {
        if (!tenants.existsById(tenantId)) {
            throw ApiException.notFound("no tenant " + tenantId);
        }
    }
}
