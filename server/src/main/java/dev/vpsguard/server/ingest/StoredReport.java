package dev.vpsguard.server.ingest;

import dev.vpsguard.protocol.GuestSample;
import java.util.Map;

/**
 * A report as stored.
 *
 * @param previousSeq the host's last seq before this report
 * @param guests guest id → that guest's sample in the report
 */
public record StoredReport(long previousSeq, Map<String, GuestSample> guests) {}
