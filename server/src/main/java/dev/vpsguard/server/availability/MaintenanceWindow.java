package dev.vpsguard.server.availability;

import java.util.Objects;

/** A maintenance window declared by the provider (in the console) before it happens. */
public record MaintenanceWindow(Span span, String reason) {
    public MaintenanceWindow {
        Objects.requireNonNull(span, "span");
        reason = reason == null ? "" : reason;
    }
}
