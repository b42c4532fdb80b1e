package dev.vpsguard.server.availability.service;

import dev.vpsguard.server.availability.Availability;
import dev.vpsguard.server.availability.DailyFigures;
import dev.vpsguard.server.availability.LedgerBook;
import dev.vpsguard.server.availability.LedgerEntry;
import dev.vpsguard.server.availability.Months;
import dev.vpsguard.server.availability.Outage;
import dev.vpsguard.server.availability.SlaPolicy;
import dev.vpsguard.server.availability.Span;
import dev.vpsguard.server.availability.store.AlertRepository;
import dev.vpsguard.server.availability.store.AlertRow;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.host.Host;
import dev.vpsguard.server.host.HostRepository;
import dev.vpsguard.server.notify.AvailabilityNotification;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationQueue;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ledger's notifications, through the outbox: the customer's statement when a month closes, and
 * support told, once each, when a guest's month (or year, for a yearly promise) can no longer meet
 * its target and when a counted outage lasts longer than the contract's maximum.
 */
@Singleton
public class AvailabilityAlerts {
    private final NotificationQueue queue;
    private final AlertRepository sent;
    private final GuestRepository guests;
    private final HostRepository hosts;

    AvailabilityAlerts(
            NotificationQueue queue,
            AlertRepository sent,
            GuestRepository guests,
            HostRepository hosts) {
        this.queue = queue;
        this.sent = sent;
        this.guests = guests;
        this.hosts = hosts;
    }

    /** The statement of a month just closed, in the close's transaction. */
    void closed(LedgerService.Basis b, LedgerBook.Record r, Map<String, List<Outage>> outages) {
        LedgerEntry e = r.entry();
        List<AvailabilityNotification.Day> days = new ArrayList<>();
        for (DailyFigures.Day d : DailyFigures.of(b.policy(), e.month(), b.zone(), outages)) {
            days.add(
                    new AvailabilityNotification.Day(
                            d.date().getDayOfMonth(), d.availability().percent()));
        }
        AvailabilityNotification.Statement s =
                new AvailabilityNotification.Statement(
                        e.month().toString(),
                        e.contract(),
                        b.policy().clause(),
                        e.availability().percent(),
                        b.policy().targetPercent(),
                        e.availability().downtime().toSeconds(),
                        e.availability().period().toSeconds(),
                        e.creditPercent(),
                        e.credit(),
                        b.terms().currency(),
                        e.claimDeadline(),
                        days);
        Notification.About about =
                new Notification.About(
                        id("statement|" + b.tenant().id() + "|" + e.month()),
                        r.recordedAt(),
                        AvailabilityNotification.LEDGER,
                        null,
                        new Notification.Tenant(
                                b.tenant().id(),
                                b.tenant().contactEmail(),
                                Language.fromCode(b.tenant().language())));
        queue.enqueue(List.of(new AvailabilityNotification.MonthlyStatement(about, s)));
    }

    /** Looks at the month in progress; each alert is sent once. */
    @Transactional
    public int check(LedgerService.Basis b, Map<String, List<Outage>> outages, Instant now) {
        YearMonth month = Months.containing(now, b.zone());
        SlaPolicy p = b.policy();
        Span period =
                p.basis() == SlaPolicy.Basis.MONTH
                        ? Months.of(month, b.zone())
                        : Months.of(Year.of(month.getYear()), b.zone());
        Span measured = new Span(period.start(), now.isBefore(period.end()) ? now : period.end());
        int count = 0;
        for (Map.Entry<String, List<Outage>> g : outages.entrySet()) {
            List<Span> counted = new ArrayList<>();
            for (Outage o : g.getValue()) {
                if (!p.counted().contains(o.cause())) {
                    continue;
                }
                counted.add(o.span());
                Duration length = o.span().duration();
                boolean thisMonth = o.span().end().isAfter(Months.of(month, b.zone()).start());
                if (p.maxOutage() != null
                        && thisMonth
                        && length.compareTo(p.maxOutage()) > 0
                        && once("outage|" + g.getKey() + "|" + o.span().start(), now)) {
                    count +=
                            send(
                                    g.getKey(),
                                    b,
                                    now,
                                    "outage|" + o.span().start(),
                                    (about) ->
                                            new AvailabilityNotification.OutageTooLong(
                                                    about,
                                                    Map.of(
                                                            "outageSeconds", length.toSeconds(),
                                                            "maxSeconds",
                                                                    p.maxOutage().toSeconds()),
                                                    p.clause(),
                                                    o.cause().name().toLowerCase()
                                                            + " since "
                                                            + o.span().start()
                                                            + ": "
                                                            + o.evidence()));
                }
            }
            Duration down = Span.total(Span.clipAll(Span.union(counted), measured));
            Availability a = new Availability(period.duration(), down);
            String periodKey =
                    p.basis() == SlaPolicy.Basis.MONTH ? month.toString() : "" + month.getYear();
            if (a.below(p.targetPercent()) && once("below|" + g.getKey() + "|" + periodKey, now)) {
                count +=
                        send(
                                g.getKey(),
                                b,
                                now,
                                "below|" + periodKey,
                                (about) ->
                                        new AvailabilityNotification.BelowTarget(
                                                about,
                                                Map.<String, Number>of(
                                                        "downtimeSeconds", down.toSeconds(),
                                                        "allowedSeconds",
                                                                a.allowed(p.targetPercent())
                                                                        .toSeconds(),
                                                        "targetPercent", p.targetPercent(),
                                                        "availabilityPercent", a.percent()),
                                                p.clause(),
                                                "counted downtime over "
                                                        + periodKey
                                                        + " already exceeds what "
                                                        + p.targetPercent()
                                                        + " % allows"));
            }
        }
        return count;
    }

    private boolean once(String key, Instant now) {
        String k = key.length() > 300 ? key.substring(0, 300) : key;
        if (sent.existsById(k)) {
            return false;
        }
        sent.save(new AlertRow(k, now));
        return true;
    }

    private int send(
            String guestId,
            LedgerService.Basis b,
            Instant now,
            String key,
            java.util.function.Function<Notification.About, Notification> make) {
        Guest g = guests.findById(guestId).orElse(null);
        if (g == null) {
            return 0;
        }
        Host h = hosts.findById(g.hostId()).orElse(null);
        Notification.About about =
                new Notification.About(
                        id(key + "|" + guestId),
                        now,
                        new Notification.Host(g.hostId(), h == null ? null : h.name()),
                        new Notification.Guest(g.vmid(), g.name(), List.of()),
                        new Notification.Tenant(
                                b.tenant().id(),
                                b.tenant().contactEmail(),
                                Language.fromCode(b.tenant().language())));
        queue.enqueue(List.of(make.apply(about)));
        return 1;
    }

    private static UUID id(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
