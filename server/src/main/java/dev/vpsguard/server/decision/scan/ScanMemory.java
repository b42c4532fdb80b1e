package dev.vpsguard.server.decision.scan;

import dev.vpsguard.server.detect.FlowBaseline;
import java.time.Instant;

/** One guest's fan-out baseline between reports, with when it was last written. */
final class ScanMemory {
    final String guestId;
    final FlowBaseline baseline;

    /** When the baseline was last persisted (server clock); null when it has no row. */
    Instant writtenAt;

    ScanMemory(String guestId, FlowBaseline baseline, Instant writtenAt) {
        this.guestId = guestId;
        this.baseline = baseline;
        this.writtenAt = writtenAt;
    }
}
