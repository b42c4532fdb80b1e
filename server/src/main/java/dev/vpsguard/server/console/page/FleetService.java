package dev.vpsguard.server.console.page;

import dev.vpsguard.server.block.BlockRepository;
import dev.vpsguard.server.block.BlockRow;
import dev.vpsguard.server.console.access.ConsoleConfig;
import dev.vpsguard.server.guest.GuestView;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** The fleet page: fleet-wide counts and one page of hosts (and the host page's blocks). */
@Singleton
public class FleetService {
    static final String OK = "ok";
    static final String STALE = "stale";
    static final String SILENT = "silent";
    static final String NEVER = "never";

    /** Hosts a page of the fleet shows. */
    static final int PAGE_SIZE = 50;

    /**
     * How long the fleet-wide guest counts are reused: counting 100,000 guests is the one step of
     * the page that reads a whole table, and the page refreshes every 15 s.
     */
    static final Duration GUEST_TOTALS_FOR = Duration.ofSeconds(10);

    private final FleetQueries queries;
    private final AtomicReference<CountedAt> guestTotals = new AtomicReference<>();
    private final BlockRepository blocks;
    private final ConsoleConfig config;
    private final Clock clock;

    public FleetService(
            FleetQueries queries, BlockRepository blocks, ConsoleConfig config, Clock clock) {
        this.queries = queries;
        this.blocks = blocks;
        this.config = config;
        this.clock = clock;
    }

    /**
     * One page of the fleet.
     *
     * @param summary fleet-wide counts, whatever the filter
     * @param rows the page's hosts, in the filter's order
     * @param matching hosts the filter selects, on every page
     * @param page this page's number (from 1)
     * @param pages pages of {@link #PAGE_SIZE} hosts the filter fills (at least 1)
     */
    public record FleetPage(
            FleetQueries.Summary summary, List<FleetRow> rows, long matching, int page, int pages) {
        /** Past the last page: the page number is out of range (a 404 for the controller). */
        public boolean pastTheEnd() {
            return page > pages;
        }
    }

    /**
     * The counts and one page of hosts: filtered, sorted, paged and counted by the database (see
     * {@link FleetQueries}); only the page's hosts have their guests counted.
     */
    public FleetPage page(FleetFilter filter) {
        Instant now = clock.instant();
        Instant staleBefore = now.minus(config.staleAfter());
        FleetQueries.Summary summary = queries.summary(staleBefore, guestTotals(now));
        FleetQueries.Marks marks = queries.marks();
        long matching = queries.count(filter, staleBefore, marks);
        int pages = (int) Math.max(1, (matching + PAGE_SIZE - 1) / PAGE_SIZE);
        if (filter.page() > pages) {
            return new FleetPage(summary, List.of(), matching, filter.page(), pages);
        }
        List<FleetQueries.HostLine> lines =
                queries.page(
                        filter,
                        staleBefore,
                        marks,
                        PAGE_SIZE,
                        (long) (filter.page() - 1) * PAGE_SIZE);
        Map<String, FleetQueries.GuestCount> guests =
                queries.guests(lines.stream().map(FleetQueries.HostLine::id).toList());
        List<FleetRow> rows = new ArrayList<>(lines.size());
        for (FleetQueries.HostLine h : lines) {
            FleetQueries.GuestCount g = guests.get(h.id());
            Long age =
                    h.lastReportAt() == null
                            ? null
                            : Math.max(0, Duration.between(h.lastReportAt(), now).toSeconds());
            rows.add(
                    new FleetRow(
                            h.id(),
                            h.name(),
                            state(h, age),
                            h.lastReportAt(),
                            age,
                            g == null ? 0 : g.running(),
                            g == null ? 0 : g.total(),
                            h.activeBlocks(),
                            h.pendingRequests()));
        }
        return new FleetPage(summary, rows, matching, filter.page(), pages);
    }

    private record CountedAt(FleetQueries.GuestCount count, Instant at) {}

    /** The fleet's guest counts, counted again once {@link #GUEST_TOTALS_FOR} old. */
    private FleetQueries.GuestCount guestTotals(Instant now) {
        CountedAt c = guestTotals.get();
        if (c == null || !now.isBefore(c.at().plus(GUEST_TOTALS_FOR)) || now.isBefore(c.at())) {
            c = new CountedAt(queries.guestTotals(), now);
            guestTotals.set(c);
        }
        return c.count();
    }

    private String state(FleetQueries.HostLine h, @Nullable Long age) {
        if (h.silentSince() != null) {
            return SILENT;
        }
        if (age == null) {
            return NEVER;
        }
        return age > config.staleAfter().toSeconds() ? STALE : OK;
    }

    /** Active blocks of the guests of one host, by guest id. */
    public Map<String, BlockRow> activeBlocksOf(List<GuestView> hostGuests) {
        Map<String, BlockRow> byGuest = new HashMap<>();
        var ids =
                hostGuests.stream().map(GuestView::id).collect(java.util.stream.Collectors.toSet());
        for (BlockRow b : blocks.findByStateOrderByStartedAt(BlockRow.ACTIVE)) {
            if (ids.contains(b.guestId())) {
                byGuest.put(b.guestId(), b);
            }
        }
        return byGuest;
    }
}
