package dev.vpsguard.server.ingest;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the server checks on a report beyond the protocol's schema: what storing it relies on, and
 * the clock skew. Pure: the report and the server's time in, an exception or nothing out.
 */
final class ReportChecks {
    private ReportChecks() {}

    /**
     * @throws ApiException 400 naming the first offending field
     */
    static void check(Report report, Instant now, Duration maxSkew) {
        if (report.protocolVersion() < ProtocolJson.OLDEST_VERSION
                || report.protocolVersion() > ProtocolJson.VERSION) {
            throw ApiException.invalidField(
                    "protocolVersion",
                    "server speaks versions "
                            + ProtocolJson.OLDEST_VERSION
                            + " to "
                            + ProtocolJson.VERSION
                            + ", report has "
                            + report.protocolVersion());
        }
        if (report.hostId() == null || report.hostId().isBlank()) {
            throw ApiException.invalidField("hostId", "is required");
        }
        if (report.seq() < 1) {
            throw ApiException.invalidField("seq", "must be at least 1");
        }
        if (report.sentAt() == null) {
            throw ApiException.invalidField("sentAt", "is required");
        }
        if (report.sentAt().isAfter(now.plus(maxSkew))) {
            throw ApiException.invalidField(
                    "sentAt",
                    "is "
                            + Duration.between(now, report.sentAt()).toSeconds()
                            + " s ahead of the server's clock; at most "
                            + maxSkew.toSeconds()
                            + " s is allowed (check NTP on the host)");
        }
        checkGuests(report.guests());
    }

    private static void checkGuests(List<GuestSample> guests) {
        if (guests == null) {
            throw ApiException.invalidField("guests", "is required");
        }
        Set<Integer> vmids = new HashSet<>();
        for (int i = 0; i < guests.size(); i++) {
            GuestSample g = guests.get(i);
            String at = "guests[" + i + "]";
            if (g == null) {
                throw ApiException.invalidField(at, "must not be null");
            }
            if (g.vmid() < 1) {
                throw ApiException.invalidField(at + ".vmid", "must be at least 1");
            }
            if (!vmids.add(g.vmid())) {
                throw ApiException.invalidField(at + ".vmid", "duplicate vmid " + g.vmid());
            }
            if (g.kind() == null) {
                throw ApiException.invalidField(at + ".kind", "is required");
            }
            if (g.status() == null) {
                throw ApiException.invalidField(at + ".status", "is required");
            }
            if (g.name() != null && g.name().length() > 200) {
                throw ApiException.invalidField(at + ".name", "must be at most 200 characters");
            }
        }
    }
}
