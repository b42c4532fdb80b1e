package dev.vpsguard.fleet.sim;

/**
 * What became of one simulated report.
 *
 * @param host the host's index in the plan
 * @param seq the report's seq
 * @param cycle its cycle
 * @param dueNanos when its cycle was due ({@link System#nanoTime()})
 * @param sendNanos when the request left (after building and encoding)
 * @param replyNanos when the reply was read
 * @param bodyBytes the gzip body's size
 * @param outcome accepted, duplicate, or the kind of failure (unreachable, server_error,
 *     rejected...)
 * @param blocks how many SMTP blocks the reply's desired state carried
 */
public record ReportRecord(
        int host,
        long seq,
        long cycle,
        long dueNanos,
        long sendNanos,
        long replyNanos,
        int bodyBytes,
        String outcome,
        int blocks) {
    public static final String ACCEPTED = "accepted";

    public boolean ok() {
        return ACCEPTED.equals(outcome);
    }

    /** Request to reply, the ingest latency the agent sees. */
    public long latencyNanos() {
        return replyNanos - sendNanos;
    }
}
