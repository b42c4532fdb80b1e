package dev.vpsguard.agent.report;

import dev.vpsguard.protocol.ReportReply;

/** What became of one attempt to send a report. */
public sealed interface SendOutcome {
    /** The server took the report (or had it already: {@code reply.duplicate()}). */
    record Accepted(ReportReply reply) implements SendOutcome {}

    /**
     * The server answered 2xx but its reply is unreadable: the report may or may not be stored.
     *
     * @param status the HTTP status
     * @param kind a short label for the metric: unreadable, seq_mismatch
     * @param reason what is wrong with the reply, for the log
     */
    record Unconfirmed(int status, String kind, String reason) implements SendOutcome {}

    /**
     * The report must be kept and sent again later: server unreachable, 5xx, 408, 429, 401.
     *
     * @param reason for the log, e.g. {@code server answered 503}
     * @param kind a short label for the failure metric: unreachable, server_error, throttled,
     *     unauthorized, unexpected
     */
    record Retry(String reason, String kind) implements SendOutcome {}

    /** The server refused the report itself (4xx other than 401, 408, 429): never resend it. */
    record Rejected(int status, String body) implements SendOutcome {}
}
