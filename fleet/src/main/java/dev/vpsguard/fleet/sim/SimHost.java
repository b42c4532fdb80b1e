package dev.vpsguard.fleet.sim;

import dev.vpsguard.agent.report.HostCredential;
import dev.vpsguard.agent.report.ReportClient;
import dev.vpsguard.agent.report.ReportEncoder;
import dev.vpsguard.agent.report.SendOutcome;
import dev.vpsguard.fleet.model.ReportFactory;
import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.Report;
import java.time.Instant;
import java.util.UUID;

/**
 * One simulated agent: its credential, its report client (the agent's own), its seq, and the
 * desired state it applied last, which the next report acknowledges. Reports of one host go one at
 * a time, in seq order, as the agent's report loop sends them.
 */
final class SimHost {
    final int index;
    private final HostCredential credential;
    private final ReportClient client;
    private final String agentInstance = UUID.randomUUID().toString();
    private long seq;
    private Instant lastEnd;
    private DesiredState applied;

    SimHost(int index, HostCredential credential, ReportClient client) {
        this.index = index;
        this.credential = credential;
        this.client = client;
    }

    /**
     * Builds, encodes and sends the report of {@code cycle}, whose window ends at {@code end}, and
     * hands the reply to {@code truth}.
     */
    synchronized ReportRecord cycle(
            long cycle, Instant end, long intervalMillis, long dueNanos, ReportFactory reports, GroundTruth truth) {
        long builtNanos = System.nanoTime();
        Instant start = lastEnd == null ? end.minusMillis(intervalMillis) : lastEnd;
        lastEnd = end;
        seq++;
        Report report = reports.build(index, credential.hostId(), agentInstance, seq, cycle, start, end, applied);
        byte[] body = ReportEncoder.encode(report);
        long sent = System.nanoTime();
        SendOutcome outcome = client.send(body);
        long replied = System.nanoTime();
        String kind;
        int blocks = 0;
        if (outcome instanceof SendOutcome.Accepted a) {
            kind = a.reply().duplicate() ? "duplicate" : ReportRecord.ACCEPTED;
            applied = a.reply().desiredState();
            blocks = (int) applied.actions().stream().filter(x -> x.type() == ActionType.SMTP_BLOCK).count();
            truth.observe(index, cycle, applied, replied - builtNanos);
        } else if (outcome instanceof SendOutcome.Retry r) {
            kind = r.kind();
        } else if (outcome instanceof SendOutcome.Rejected r) {
            kind = "rejected_" + r.status();
        } else {
            kind = "unconfirmed_" + ((SendOutcome.Unconfirmed) outcome).kind();
        }
        return new ReportRecord(index, seq, cycle, dueNanos, sent, replied, body.length, kind, blocks);
    }
}
