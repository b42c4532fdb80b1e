package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * One report from an agent: everything it measured on its host in one cycle.
 *
 * @param protocolVersion the wire version the agent speaks ({@link ProtocolJson#VERSION})
 * @param hostId the host's id, as given at enrolment
 * @param seq rises by one per report from this host, starting at 1; the server is idempotent on
 *     (hostId, seq)
 * @param sentAt when the agent built the report (its clock)
 * @param host the host's own figures
 * @param guests one sample per guest in the inventory
 * @param unattributedSmtp SMTP flows whose source matched no guest, counted (nullable)
 * @param enforcementAck what the agent did with the last desired state it received (nullable)
 */
public record Report(
        @JsonProperty(required = true) int protocolVersion,
        String hostId,
        @JsonProperty(required = true) long seq,
        Instant sentAt,
        HostSample host,
        List<GuestSample> guests,
        SmtpWindow unattributedSmtp,
        EnforcementAck enforcementAck) {
    /** Most guests one report may carry. */
    public static final int MAX_GUESTS = 5000;

    public Report {
        if (protocolVersion != ProtocolJson.VERSION) {
            throw new FieldViolation(
                    "protocolVersion",
                    "unsupported version "
                            + protocolVersion
                            + "; this build speaks "
                            + ProtocolJson.VERSION);
        }
        Check.hostId(hostId, "hostId");
        Check.atLeast(seq, 1, "seq");
        Check.required(sentAt, "sentAt");
        Check.required(host, "host");
        guests = Check.list(guests, MAX_GUESTS, "guests");
        Check.unique(guests, GuestSample::vmid, "guests", "vmid");
    }
}
