package dev.vpsguard.server.availability;

import java.util.Objects;

/** A span during which one guest was unavailable, with its cause and evidence. */
public record Outage(String guestId, Span span, OutageCause cause, String evidence) {
    public Outage {
        Objects.requireNonNull(guestId, "guestId");
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(cause, "cause");
        evidence = evidence == null ? "" : evidence;
    }
}
