package dev.vpsguard.agent.report;

import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.ReportDelta;
import dev.vpsguard.protocol.ReportReply;

/**
 * How each report built is encoded for the spool (protocol 3): as what changed since the newest
 * report this process built that the server stored and keeps as a base (its reply said {@code
 * acceptsDelta}), when nothing older waits in the spool; in full otherwise. A delta that cannot go
 * at once is turned back into the full report, so what waits in the spool is self-contained. Used
 * by the loop's one thread.
 */
final class DeltaEncoding {
    private Report lastBuilt;
    private boolean lastBuiltIsDelta;
    private Report lastAccepted;

    /** The body to spool for {@code report}, the newest built. */
    byte[] encode(Report report, boolean nothingOlderSpooled) {
        Report base = nothingOlderSpooled ? lastAccepted : null;
        lastBuilt = report;
        lastBuiltIsDelta = base != null;
        return base == null
                ? ReportEncoder.encode(report)
                : ReportEncoder.encode(ReportDelta.between(base, report));
    }

    /** The server stored report {@code seq}. */
    void accepted(long seq, ReportReply reply) {
        lastAccepted = reply.deltaAccepted() && isNewest(seq) ? lastBuilt : null;
    }

    /**
     * Report {@code seq} did not go through as sent: the next report is full, and when {@code seq}
     * was spooled as a delta, this is its full body to spool instead (else null).
     */
    byte[] fullInsteadOf(long seq) {
        lastAccepted = null;
        if (!isNewest(seq) || !lastBuiltIsDelta) {
            return null;
        }
        lastBuiltIsDelta = false;
        return ReportEncoder.encode(lastBuilt);
    }

    /** Whether {@code seq} is the newest report built by this process (so it has it in full). */
    boolean isNewest(long seq) {
        return lastBuilt != null && lastBuilt.seq() == seq;
    }
}
