package dev.vpsguard.server.console.page;

import dev.vpsguard.server.availability.LedgerCalculator;
import dev.vpsguard.server.availability.LedgerEntry;
import dev.vpsguard.server.availability.Months;
import dev.vpsguard.server.availability.Outage;
import dev.vpsguard.server.availability.Span;
import dev.vpsguard.server.availability.StateEpisode;
import dev.vpsguard.server.availability.api.LedgerCsv;
import dev.vpsguard.server.availability.api.LedgerRecordView;
import dev.vpsguard.server.availability.service.GuestTimeline;
import dev.vpsguard.server.availability.service.LedgerService;
import dev.vpsguard.server.availability.store.LedgerStore;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.tenant.TenantRow;
import dev.vpsguard.server.tenant.TenantService;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the availability pages show, read through the ledger's own services: the stored book, and
 * the current month computed by {@link LedgerService} (or, for one guest, by {@link
 * LedgerCalculator} over that guest alone), so the console never counts downtime its own way.
 */
@Singleton
public class AvailabilityPage {
    /** One outage of the timeline; {@code counted} whether the contract counts it. */
    public record OutageLine(
            Instant start,
            Instant end,
            long minutes,
            String cause,
            boolean counted,
            String evidence) {
        static OutageLine of(LedgerEntry.CountedOutage c) {
            Outage o = c.outage();
            return new OutageLine(
                    o.span().start(),
                    o.span().end(),
                    o.span().duration().toMinutes(),
                    o.cause().name().toLowerCase(),
                    c.counted(),
                    o.evidence());
        }
    }

    /** One state episode of a guest (running, stopped by whom, host silent or down). */
    public record EpisodeLine(
            Instant start, Instant end, long minutes, String state, String evidence) {
        static EpisodeLine of(StateEpisode e) {
            return new EpisodeLine(
                    e.span().start(),
                    e.span().end(),
                    e.span().duration().toMinutes(),
                    e.condition().name().toLowerCase(),
                    e.evidence());
        }
    }

    /** The current month as it stands; null fields when the contract promises nothing. */
    public record Month(
            String month,
            String zone,
            @Nullable BigDecimal percent,
            long downtimeMinutes,
            @Nullable BigDecimal credit,
            List<OutageLine> outages) {}

    /**
     * The tenant's availability page.
     *
     * @param ledger false when the contract promises no availability or the tenant has no terms
     * @param records the stored book, newest month first
     */
    public record TenantView(
            TenantRow tenant,
            boolean ledger,
            @Nullable String currency,
            @Nullable Month current,
            List<LedgerRecordView> records) {}

    /** A guest's month: its figure under its tenant's contract, its outages and episodes. */
    public record GuestView(Month month, List<EpisodeLine> episodes) {}

    private final TenantService tenants;
    private final LedgerService ledger;
    private final LedgerStore store;
    private final GuestTimeline timeline;
    private final Clock clock;

    public AvailabilityPage(
            TenantService tenants,
            LedgerService ledger,
            LedgerStore store,
            GuestTimeline timeline,
            Clock clock) {
        this.tenants = tenants;
        this.ledger = ledger;
        this.store = store;
        this.timeline = timeline;
        this.clock = clock;
    }

    /**
     * @throws dev.vpsguard.server.api.ApiException 404 for an unknown tenant
     */
    public TenantView tenant(String id) {
        TenantRow t = tenants.get(id);
        Instant now = clock.instant();
        List<LedgerRecordView> records =
                new ArrayList<>(LedgerRecordView.list(store.book(id), null, now));
        Collections.reverse(records);
        Optional<LedgerService.Basis> basis = ledger.basis(id);
        if (basis.isEmpty()) {
            return new TenantView(t, false, null, null, records);
        }
        LedgerService.Basis b = basis.get();
        YearMonth month = Months.containing(now, b.zone());
        return new TenantView(
                t, true, b.terms().currency(), month(ledger.compute(b, month, now)), records);
    }

    /** The ledger's CSV, as the API serves it. */
    public String csv(String id) {
        tenants.get(id);
        return LedgerCsv.render(LedgerRecordView.list(store.book(id), null, clock.instant()));
    }

    /** The guest's current month; {@code tenantId} null for a guest of no tenant. */
    public GuestView guest(Guest g, @Nullable String tenantId) {
        Instant now = clock.instant();
        Optional<LedgerService.Basis> basis =
                tenantId == null ? Optional.empty() : ledger.basis(tenantId);
        ZoneId zone = basis.map(LedgerService.Basis::zone).orElse(ZoneId.of("UTC"));
        YearMonth m = Months.containing(now, zone);
        Span span = Months.of(m, zone);
        List<EpisodeLine> episodes =
                timeline.episodes(g, span, now).stream().map(EpisodeLine::of).toList();
        if (basis.isEmpty()) {
            List<OutageLine> outages =
                    timeline.outages(g, span, now).stream()
                            .map(o -> OutageLine.of(new LedgerEntry.CountedOutage(o, false)))
                            .toList();
            return new GuestView(
                    new Month(m.toString(), zone.getId(), null, 0, null, outages), episodes);
        }
        LedgerService.Basis b = basis.get();
        LedgerEntry e =
                LedgerCalculator.month(
                        b.policy(),
                        m,
                        zone,
                        Map.of(g.id(), timeline.outages(g, span, now)),
                        b.terms().monthlyFee(),
                        List.of());
        return new GuestView(month(e), episodes);
    }

    private static Month month(LedgerEntry e) {
        return new Month(
                e.month().toString(),
                e.zone(),
                e.availability().percent(),
                e.availability().downtime().toMinutes(),
                e.credit(),
                e.outages().stream().map(OutageLine::of).toList());
    }
}
