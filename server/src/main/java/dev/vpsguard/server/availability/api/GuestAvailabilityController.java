package dev.vpsguard.server.availability.api;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.availability.Months;
import dev.vpsguard.server.availability.Outage;
import dev.vpsguard.server.availability.Span;
import dev.vpsguard.server.availability.StateEpisode;
import dev.vpsguard.server.availability.service.GuestTimeline;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/** A guest's state episodes and outages over one month (any role). */
@Controller("/api/v1/guests/{guestId}/availability")
public class GuestAvailabilityController {
    /** One episode or outage, with its cause (state) and evidence. */
    @Introspected
    public record Piece(Instant start, Instant end, long seconds, String state, String evidence) {}

    /** The guest's month. */
    @Introspected
    public record View(
            String guestId,
            String month,
            String timeZone,
            List<Piece> episodes,
            List<Piece> outages) {}

    private final GuestRepository guests;
    private final GuestTimeline timeline;
    private final Clock clock;

    public GuestAvailabilityController(
            GuestRepository guests, GuestTimeline timeline, Clock clock) {
        this.guests = guests;
        this.timeline = timeline;
        this.clock = clock;
    }

    /** {@code month=yyyy-MM} (default: the current month), {@code zone} (default UTC). */
    @Get
    public View month(
            @PathVariable String guestId,
            @Nullable @QueryValue String month,
            @Nullable @QueryValue String zone) {
        Guest g =
                guests.findById(guestId)
                        .orElseThrow(() -> ApiException.notFound("no guest " + guestId));
        ZoneId z;
        try {
            z = ZoneId.of(zone == null ? "UTC" : zone);
        } catch (DateTimeException e) {
            throw ApiException.invalidField("zone", "must be an IANA time zone, e.g. Europe/Paris");
        }
        Instant now = clock.instant();
        YearMonth m;
        try {
            m = month == null ? Months.containing(now, z) : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField("month", "must be a month as yyyy-MM, e.g. 2026-03");
        }
        Span span = Months.of(m, z);
        List<Piece> episodes =
                timeline.episodes(g, span, now).stream()
                        .map(GuestAvailabilityController::piece)
                        .toList();
        List<Piece> outages =
                timeline.outages(g, span, now).stream()
                        .map(GuestAvailabilityController::piece)
                        .toList();
        return new View(g.id(), m.toString(), z.getId(), episodes, outages);
    }

    private static Piece piece(StateEpisode e) {
        return new Piece(
                e.span().start(),
                e.span().end(),
                e.span().duration().toSeconds(),
                e.condition().name().toLowerCase(),
                e.evidence());
    }

    private static Piece piece(Outage o) {
        return new Piece(
                o.span().start(),
                o.span().end(),
                o.span().duration().toSeconds(),
                o.cause().name().toLowerCase(),
                o.evidence());
    }
}
