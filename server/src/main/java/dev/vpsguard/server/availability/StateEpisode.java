package dev.vpsguard.server.availability;

import java.util.Objects;

/**
 * One guest in one condition over a span, with the evidence for it (a report, a task log line, a
 * host silence), so every outage in a ledger can be traced back to what was seen.
 */
public record StateEpisode(Span span, GuestCondition condition, String evidence) {
    public StateEpisode {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(condition, "condition");
        evidence = evidence == null ? "" : evidence;
    }
}
