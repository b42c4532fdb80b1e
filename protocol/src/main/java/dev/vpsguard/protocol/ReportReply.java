package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The server's answer to a report.
 *
 * @param seq the report's seq
 * @param duplicate true when the server had already stored this (hostId, seq): nothing changed
 * @param desiredState the host's current desired enforcement state
 * @param sendFull true when the report was a {@link ReportDelta} the server could not expand (it
 *     lacks the base): nothing was stored, and the agent sends the same report in full
 * @param acceptsDelta true when the server stored the report and keeps it as the base of a delta:
 *     the agent may send its next report as a {@link ReportDelta} on it; without it the agent sends
 *     full reports
 */
public record ReportReply(
        @JsonProperty(required = true) long seq,
        @JsonProperty(required = true) boolean duplicate,
        DesiredState desiredState,
        Boolean sendFull,
        Boolean acceptsDelta) {
    @JsonCreator
    public ReportReply {
        Check.atLeast(seq, 1, "seq");
        Check.required(desiredState, "desiredState");
        // Both are absent unless true, so agents older than protocol 3 never meet them.
        sendFull = Boolean.TRUE.equals(sendFull) ? Boolean.TRUE : null;
        acceptsDelta = Boolean.TRUE.equals(acceptsDelta) ? Boolean.TRUE : null;
    }

    public ReportReply(long seq, boolean duplicate, DesiredState desiredState) {
        this(seq, duplicate, desiredState, null, null);
    }

    /** Whether the server asks for this report in full. */
    public boolean fullNeeded() {
        return Boolean.TRUE.equals(sendFull);
    }

    /** Whether the next report may be a delta on this one. */
    public boolean deltaAccepted() {
        return Boolean.TRUE.equals(acceptsDelta);
    }
}
