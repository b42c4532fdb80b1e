package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of one desired action on the host. */
public enum ActionStatus {
    APPLIED("applied"),
    /**
     * Applied through a fallback, e.g. a plain drop because the 554 notice path was unavailable.
     */
    DEGRADED("degraded"),
    FAILED("failed");

    private final String wire;

    ActionStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ActionStatus fromWire(String value) {
        for (ActionStatus s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("must be one of applied, degraded, failed");
    }
}
