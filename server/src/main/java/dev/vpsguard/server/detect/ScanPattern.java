package dev.vpsguard.server.detect;

import java.util.Locale;

/** The shapes of outbound abuse {@link FlowScanDetector} recognises (R6). */
public enum ScanPattern {
    /** One port, many addresses. */
    HORIZONTAL_SCAN,
    /** One address, many ports. */
    VERTICAL_SCAN,
    /** Many attempts on one login service of one address. */
    BRUTE_FORCE;

    /** The stored and wire name, e.g. {@code horizontal_scan}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
