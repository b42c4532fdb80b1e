package dev.vpsguard.server.decision.smtp;

import dev.vpsguard.server.rollup.GuestRollup;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stored SMTP windows and rollups of a report's guests whose spam detector is not rebuilt yet,
 * read in two queries for them all ({@link SpamDetection#history}); a guest it does not cover is
 * read alone.
 *
 * @param covered the guests it was read for
 * @param windows guest id → its windows, in the order they were received
 * @param rollups guest id → its buckets, oldest first
 */
public record SpamHistory(
        Set<String> covered,
        Map<String, List<SmtpWindowRow>> windows,
        Map<String, List<GuestRollup>> rollups) {
    /** Covers no guest: each is read alone. */
    public static final SpamHistory NONE = new SpamHistory(Set.of(), Map.of(), Map.of());

    /** The order {@link SmtpWindowRepository#received} gives. */
    static final Comparator<SmtpWindowRow> RECEIVED =
            Comparator.comparing(SmtpWindowRow::receivedAt).thenComparing(SmtpWindowRow::windowEnd);

    boolean covers(String guestId) {
        return covered.contains(guestId);
    }
}
