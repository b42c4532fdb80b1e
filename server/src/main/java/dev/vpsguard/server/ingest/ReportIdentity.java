package dev.vpsguard.server.ingest;

import dev.vpsguard.protocol.Report;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Tells a report the server already stored from a new one, and records each new one. A duplicate is
 * a report with the same agent instance, seq and body digest as one stored: the instance's last
 * report (kept as long as the host) or one in the receipts (kept for {@code
 * vpsguard.ingest.receipt-retention}). Runs in the report's transaction, under the host's row lock.
 */
@Singleton
class ReportIdentity {
    /** The instance of agents that send none (protocol version 1). */
    static final String NO_INSTANCE = "";

    private final AgentInstanceRepository instances;
    private final ReportReceiptRepository receipts;
    private final Duration maxSkew;

    ReportIdentity(
            AgentInstanceRepository instances,
            ReportReceiptRepository receipts,
            IngestConfig config) {
        this.instances = instances;
        this.receipts = receipts;
        this.maxSkew = config.maxClockSkew();
    }

    /**
     * Records the report as stored, unless the server has it already.
     *
     * @param digest SHA-256 (hex) of the report's JSON body
     * @return how its seq follows the instance's last, or empty for a duplicate (nothing recorded)
     * @throws dev.vpsguard.server.api.ApiException 400 naming {@code seq} for an absurd jump
     */
    Optional<SeqContinuity.Verdict> admit(Report report, String digest, Instant now) {
        String instance = instanceOf(report);
        AgentInstanceRow last =
                instances.findByHostIdAndAgentInstance(report.hostId(), instance).orElse(null);
        if (isStored(last, report.hostId(), instance, report.seq(), digest)) {
            return Optional.empty();
        }
        SeqContinuity.Verdict verdict = SeqContinuity.judge(last, report.seq(), now, maxSkew);
        receipts.save(
                new ReportReceiptRow(
                        UUID.randomUUID().toString(),
                        report.hostId(),
                        instance,
                        report.seq(),
                        digest,
                        now));
        if (last == null) {
            instances.save(
                    new AgentInstanceRow(
                            UUID.randomUUID().toString(),
                            report.hostId(),
                            instance,
                            now,
                            report.seq(),
                            digest,
                            report.sentAt(),
                            now));
        } else {
            instances.update(
                    new AgentInstanceRow(
                            last.id(),
                            last.hostId(),
                            instance,
                            last.firstSeenAt(),
                            report.seq(),
                            digest,
                            report.sentAt(),
                            now));
        }
        return Optional.of(verdict);
    }

    /**
     * Whether the report would be admitted now, read without a lock and recording nothing: the
     * queueing node's early answer ({@link ReportService}); {@link #admit} decides again when the
     * report is stored.
     *
     * @return false for a duplicate
     * @throws dev.vpsguard.server.api.ApiException 400 naming {@code seq} for an absurd jump
     */
    boolean admissible(Report report, String digest, Instant now) {
        String instance = instanceOf(report);
        AgentInstanceRow last =
                instances.findByHostIdAndAgentInstance(report.hostId(), instance).orElse(null);
        if (isStored(last, report.hostId(), instance, report.seq(), digest)) {
            return false;
        }
        SeqContinuity.judge(last, report.seq(), now, maxSkew);
        return true;
    }

    /** Whether the server stored this very report (read only: a delta it can no longer expand). */
    boolean isStored(String hostId, String instance, long seq, String digest) {
        return isStored(
                instances.findByHostIdAndAgentInstance(hostId, instance).orElse(null),
                hostId,
                instance,
                seq,
                digest);
    }

    private boolean isStored(
            AgentInstanceRow last, String hostId, String instance, long seq, String digest) {
        return last != null && last.lastSeq() == seq && last.lastDigest().equals(digest)
                || receipts.existsByHostIdAndAgentInstanceAndSeqAndDigest(
                        hostId, instance, seq, digest);
    }

    static String instanceOf(Report report) {
        return report.agentInstance() == null ? NO_INSTANCE : report.agentInstance();
    }
}
