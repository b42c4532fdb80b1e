package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The server's answer to a report.
 *
 * @param seq the report's seq
 * @param duplicate true when the server had already stored this (hostId, seq): nothing changed
 * @param desiredState the host's current desired enforcement state
 */
public record ReportReply(
        @JsonProperty(required = true) long seq,
        @JsonProperty(required = true) boolean duplicate,
        DesiredState desiredState) {
    public ReportReply {
        Check.atLeast(seq, 1, "seq");
        Check.required(desiredState, "desiredState");
    }
}
