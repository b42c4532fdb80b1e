package dev.vpsguard.server.console.page;

import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.action.ActionRepository;
import dev.vpsguard.server.action.ActionRow;
import dev.vpsguard.server.guest.GuestView;
import dev.vpsguard.server.guest.RecentSamples;
import dev.vpsguard.server.guest.TimedSample;
import dev.vpsguard.server.host.HostView;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The host page's live part: each guest's newest rates (from the samples held in memory), the
 * actions in force on it with the agent's ack, and the host's enrolment status.
 */
@Singleton
public class HostPage {
    /**
     * One guest's newest figures, formatted; "—" when not measured.
     *
     * @param at when the newest sample was taken (null: none held)
     */
    public record Rates(
            @Nullable java.time.Instant at,
            String cpu,
            String memory,
            String disk,
            String net,
            String smtp) {}

    /** One guest of the host with its rates and the actions in force on it. */
    public record Row(GuestView guest, Rates rates, List<ActionRow> actions) {}

    private final RecentSamples samples;
    private final ActionRepository actions;
    private final Clock clock;

    public HostPage(RecentSamples samples, ActionRepository actions, Clock clock) {
        this.samples = samples;
        this.actions = actions;
        this.clock = clock;
    }

    /** Enrolment: enrolled, pending (token still valid) or expired (a new token is needed). */
    public String enrolment(HostView host) {
        if (host.enrolled()) {
            return "enrolled";
        }
        return host.enrollmentExpiresAt() != null
                        && host.enrollmentExpiresAt().isAfter(clock.instant())
                ? "pending"
                : "expired";
    }

    public List<Row> rows(HostView host, List<GuestView> guests) {
        Map<String, List<ActionRow>> inForce =
                actions.findByHostIdAndLiftedAtIsNullOrderByCreatedAt(host.id()).stream()
                        .collect(Collectors.groupingBy(ActionRow::guestId));
        return guests.stream()
                .map(
                        g ->
                                new Row(
                                        g,
                                        rates(samples.of(g.id())),
                                        inForce.getOrDefault(g.id(), List.of())))
                .toList();
    }

    static Rates rates(List<TimedSample> held) {
        if (held.isEmpty()) {
            return new Rates(null, "—", "—", "—", "—", "—");
        }
        TimedSample last = held.get(held.size() - 1);
        GuestUsage u = last.sample().usage();
        SmtpWindow w = last.sample().smtp();
        String smtp = "—";
        if (w != null) {
            double minutes = Math.max(1, Duration.between(w.start(), w.end()).toMillis()) / 60e3;
            smtp = String.format(Locale.ROOT, "%.1f/min", w.newConnections() / minutes);
        }
        if (u == null) {
            return new Rates(last.at(), "—", "—", "—", "—", smtp);
        }
        return new Rates(
                last.at(),
                u.cpuCores() == null ? "—" : String.format(Locale.ROOT, "%.2f", u.cpuCores()),
                u.memoryUsedBytes() == null ? "—" : bytes(u.memoryUsedBytes().doubleValue(), ""),
                pair(u.diskReadBytesPerSec(), u.diskWriteBytesPerSec()),
                pair(u.netTxBytesPerSec(), u.netRxBytesPerSec()),
                smtp);
    }

    /** "read ↓ / write ↑"-style pair of byte rates. */
    private static String pair(@Nullable Double a, @Nullable Double b) {
        return (a == null ? "—" : bytes(a, "/s")) + " / " + (b == null ? "—" : bytes(b, "/s"));
    }

    /** Bytes in binary units, one decimal: {@code 1.5 MiB}. */
    static String bytes(double v, String suffix) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        while (Math.abs(v) >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, i == 0 ? "%.0f %s%s" : "%.1f %s%s", v, units[i], suffix);
    }
}
