package dev.vpsguard.server.console.page;

import dev.vpsguard.server.api.Paging;
import dev.vpsguard.server.block.BlockRepository;
import dev.vpsguard.server.block.BlockRow;
import dev.vpsguard.server.console.access.ConsoleConfig;
import dev.vpsguard.server.guest.GuestView;
import dev.vpsguard.server.host.HostService;
import dev.vpsguard.server.host.HostView;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The fleet page's rows, read through the server's host, guest and block services. */
@Singleton
public class FleetService {
    static final String OK = "ok";
    static final String STALE = "stale";
    static final String SILENT = "silent";
    static final String NEVER = "never";

    /** Unblock requests in this outcome await an operator. */
    static final String QUEUED = "queued";

    private final HostService hosts;
    private final FleetCounts counts;
    private final BlockRepository blocks;
    private final ConsoleConfig config;
    private final Clock clock;

    public FleetService(
            HostService hosts,
            FleetCounts counts,
            BlockRepository blocks,
            ConsoleConfig config,
            Clock clock) {
        this.hosts = hosts;
        this.counts = counts;
        this.blocks = blocks;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Every host, those needing attention first unless {@code sort} says otherwise (name, age,
     * guests, blocks), filtered by {@code query} (part of the name, any case).
     */
    public List<FleetRow> rows(@Nullable String query, @Nullable String sort) {
        // Counted by the database, grouped per host: never every guest row (see FleetCounts).
        Map<String, FleetCounts.HostCount> guestCounts = byHost(counts.guests());
        Map<String, FleetCounts.HostCount> activeBlocks = byHost(counts.blocks(BlockRow.ACTIVE));
        Map<String, FleetCounts.HostCount> pending = byHost(counts.requests(QUEUED));
        Instant now = clock.instant();
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<FleetRow> rows = new ArrayList<>();
        for (HostView h : all(hosts::list)) {
            if (!needle.isEmpty() && !h.name().toLowerCase(Locale.ROOT).contains(needle)) {
                continue;
            }
            FleetCounts.HostCount c = guestCounts.get(h.id());
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
                            c == null ? 0 : (int) c.running(),
                            c == null ? 0 : (int) c.total(),
                            total(activeBlocks, h.id()),
                            total(pending, h.id())));
        }
        rows.sort(order(sort));
        return rows;
    }

    private String state(HostView h, @Nullable Long age) {
        if (h.silentSince() != null) {
            return SILENT;
        }
        if (age == null) {
            return NEVER;
        }
        return age > config.staleAfter().toSeconds() ? STALE : OK;
    }

    static Comparator<FleetRow> order(@Nullable String sort) {
        Comparator<FleetRow> byName =
                Comparator.comparing(FleetRow::name, String.CASE_INSENSITIVE_ORDER);
        if (sort == null) {
            return Comparator.comparing((FleetRow r) -> !r.attention()).thenComparing(byName);
        }
        return switch (sort) {
            case "age" ->
                    Comparator.comparing(
                                    FleetRow::ageSeconds,
                                    Comparator.nullsFirst(Comparator.<Long>reverseOrder()))
                            .thenComparing(byName);
            case "guests" ->
                    Comparator.comparingInt(FleetRow::guestsTotal).reversed().thenComparing(byName);
            case "blocks" ->
                    Comparator.comparingInt(FleetRow::activeBlocks)
                            .reversed()
                            .thenComparing(byName);
            default -> byName;
        };
    }

    private static Map<String, FleetCounts.HostCount> byHost(List<FleetCounts.HostCount> counts) {
        Map<String, FleetCounts.HostCount> out = new HashMap<>();
        counts.forEach(c -> out.put(c.hostId(), c));
        return out;
    }

    private static int total(Map<String, FleetCounts.HostCount> counts, String hostId) {
        FleetCounts.HostCount c = counts.get(hostId);
        return c == null ? 0 : (int) c.total();
    }

    /** Every page of a paged list. */
    private static <T> List<T> all(Function<Paging, List<T>> page) {
        List<T> out = new ArrayList<>();
        for (long offset = 0; ; offset += Paging.MAX_LIMIT) {
            List<T> batch = page.apply(new Paging(Paging.MAX_LIMIT, offset));
            out.addAll(batch);
            if (batch.size() < Paging.MAX_LIMIT) {
                return out;
            }
        }
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
