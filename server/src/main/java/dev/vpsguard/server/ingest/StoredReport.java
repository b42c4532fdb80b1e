package dev.vpsguard.server.ingest;

import dev.vpsguard.protocol.GuestSample;
import java.util.Map;

/**
 * A report as stored.
 *
 * @param previousSeq the last seq stored from the same agent instance before this report (0 for its
 *     first)
 * @param continuity how this report's seq follows that one
 * @param guests guest id → that guest's sample in the report
 */
public record StoredReport(
        long previousSeq, SeqContinuity.Kind continuity, Map<String, GuestSample> guests) {}
