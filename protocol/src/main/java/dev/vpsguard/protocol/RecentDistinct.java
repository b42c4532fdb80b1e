package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Distinct destinations of one guest over the agent's last 10 minutes, up to its window's end: the
 * union of the windows' destination sets, which only the host can take, since addresses never leave
 * it (contract clause S4). Per-window counts cannot be merged: a guest mailing the same provider in
 * every 5-second window would add up to 120 "distinct" destinations in 10 minutes.
 *
 * @param since start of the span counted: the window's end minus 10 minutes (whole windows, so the
 *     window that straddles it counts in full), or later when the agent has observed for less
 * @param destinations distinct destination addresses since {@code since}
 * @param prefixes distinct destination /24 (IPv4) and /48 (IPv6) prefixes since {@code since}
 */
public record RecentDistinct(
        Instant since,
        @JsonProperty(required = true) long destinations,
        @JsonProperty(required = true) long prefixes) {
    public RecentDistinct {
        Check.required(since, "since");
        Check.atLeast(destinations, 0, "destinations");
        Check.atLeast(prefixes, 0, "prefixes");
        if (prefixes > destinations) {
            throw new FieldViolation("prefixes", "must not exceed destinations");
        }
    }
}
