package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a guest was running when the agent sampled it. */
public enum GuestStatus {
    RUNNING("running"),
    STOPPED("stopped"),
    UNKNOWN("unknown");

    private final String wire;

    GuestStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static GuestStatus fromWire(String value) {
        for (GuestStatus s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("must be one of running, stopped, unknown");
    }
}
