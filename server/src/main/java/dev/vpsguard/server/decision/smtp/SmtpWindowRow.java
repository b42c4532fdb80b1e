package dev.vpsguard.server.decision.smtp;

import dev.vpsguard.protocol.RecentDistinct;
import dev.vpsguard.protocol.SmtpWindow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * One guest's SMTP window as received, kept a short while so that the detector's state can be
 * rebuilt (counts only, clause S4).
 *
 * @param id row id
 * @param guestId the guest
 * @param receivedAt the server's time when the report was stored
 * @param windowStart the window's start (the agent's clock)
 * @param windowEnd the window's end (the agent's clock)
 * @param newConnections see {@link SmtpWindow}
 * @param distinctDestinations see {@link SmtpWindow}
 * @param distinctPrefixes see {@link SmtpWindow}
 * @param unreplied see {@link SmtpWindow}
 * @param resetOrRefused see {@link SmtpWindow}
 * @param established see {@link SmtpWindow}
 * @param recentSince {@link SmtpWindow#recent()}'s since (null without it)
 * @param recentDestinations {@link SmtpWindow#recent()}'s destinations (null without it)
 * @param recentPrefixes {@link SmtpWindow#recent()}'s prefixes (null without it)
 */
@MappedEntity("smtp_windows")
public record SmtpWindowRow(
        @Id String id,
        String guestId,
        Instant receivedAt,
        Instant windowStart,
        Instant windowEnd,
        long newConnections,
        long distinctDestinations,
        long distinctPrefixes,
        long unreplied,
        long resetOrRefused,
        long established,
        @Nullable Instant recentSince,
        @Nullable Long recentDestinations,
        @Nullable Long recentPrefixes) {

    static SmtpWindowRow of(String guestId, SmtpWindow w, Instant receivedAt) {
        return new SmtpWindowRow(
                UUID.randomUUID().toString(),
                guestId,
                receivedAt,
                w.start(),
                w.end(),
                w.newConnections(),
                w.distinctDestinations(),
                w.distinctPrefixes(),
                w.unreplied(),
                w.resetOrRefused(),
                w.established(),
                w.recent() == null ? null : w.recent().since(),
                w.recent() == null ? null : w.recent().destinations(),
                w.recent() == null ? null : w.recent().prefixes());
    }

    SmtpWindow window() {
        return new SmtpWindow(
                windowStart,
                windowEnd,
                newConnections,
                distinctDestinations,
                distinctPrefixes,
                unreplied,
                resetOrRefused,
                established,
                null,
                recentSince == null
                        ? null
                        : new RecentDistinct(recentSince, recentDestinations, recentPrefixes));
    }
}
