package dev.vpsguard.server.availability.service;

import dev.vpsguard.server.availability.LedgerBook;
import dev.vpsguard.server.availability.MonthClose;
import dev.vpsguard.server.availability.Months;
import dev.vpsguard.server.availability.store.LedgerStore;
import dev.vpsguard.server.tenant.TenantRepository;
import dev.vpsguard.server.tenant.TenantRow;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes each tenant's months once they have ended plus {@code close-grace}, oldest first, each in
 * its own transaction; then lets the {@link AvailabilityAlerts} look at what is going on. Driven by
 * the scheduler, or by {@link #runOnce()} in tests with a fake clock.
 */
@Singleton
public class LedgerCloser {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerCloser.class);

    private final TenantRepository tenants;
    private final LedgerService ledger;
    private final LedgerStore store;
    private final AvailabilityAlerts alerts;
    private final Clock clock;
    private final Duration grace;

    LedgerCloser(
            TenantRepository tenants,
            LedgerService ledger,
            LedgerStore store,
            AvailabilityAlerts alerts,
            Clock clock,
            AvailabilityConfig config) {
        this.tenants = tenants;
        this.ledger = ledger;
        this.store = store;
        this.alerts = alerts;
        this.clock = clock;
        this.grace = config.closeGrace();
    }

    @Scheduled(
            fixedDelay = "${vpsguard.availability.close-interval:15m}",
            initialDelay = "${vpsguard.availability.close-interval:15m}")
    void scheduled() {
        runOnce();
    }

    /** One pass over every tenant; returns the records written. */
    public List<LedgerBook.Record> runOnce() {
        Instant now = clock.instant();
        List<LedgerBook.Record> closed = new ArrayList<>();
        for (TenantRow t : tenants.findAllOrderById()) {
            LedgerService.Basis b = ledger.basis(t.id()).orElse(null);
            if (b == null) {
                continue;
            }
            try {
                LedgerBook book = store.book(t.id());
                for (YearMonth m :
                        MonthClose.due(
                                YearMonth.parse(b.terms().firstMonth()),
                                book,
                                b.zone(),
                                now,
                                grace)) {
                    LedgerBook.Record r = ledger.close(b, m, now);
                    closed.add(r);
                    LOG.info(
                            "closed {} for tenant {}: {} %, credit {}",
                            m, t.id(), r.entry().availability().percent(), r.entry().credit());
                }
                alerts.check(b, ledger.outages(b, Months.containing(now, b.zone()), now), now);
            } catch (RuntimeException e) {
                // Another server closed it first (the unique key), or the database is down.
                LOG.warn("could not close months of tenant {}: {}", t.id(), e.toString());
            }
        }
        return closed;
    }
}
