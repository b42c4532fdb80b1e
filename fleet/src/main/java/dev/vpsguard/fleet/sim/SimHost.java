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
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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
    private final ArrayDeque<Due> pending = new ArrayDeque<>();
    private boolean draining;

    /** A cycle that fell due: its window ends when it fell due, as the agent's loop builds it. */
    record Due(long cycle, Instant end, long dueNanos) {}

    /**
     * Queues a cycle that fell due; when no sender is working for this host, asks for one ({@code
     * start}). A host's reports are sent one at a time and in the order they fell due, even when
     * the server is slower than the interval (a monitor would not keep waiting threads in order).
     */
    void due(Due d, BiConsumer<SimHost, CountDownLatch> start, CountDownLatch done) {
        boolean idle;
        synchronized (pending) {
            pending.addLast(d);
            idle = !draining;
            draining = true;
        }
        if (idle) {
            start.accept(this, done);
        }
    }

    /** Sends the queued cycles in order until none is left. */
    void drain(Consumer<Due> send) {
        while (true) {
            Due d;
            synchronized (pending) {
                d = pending.pollFirst();
                if (d == null) {
                    draining = false;
                    return;
                }
            }
            send.accept(d);
        }
    }

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
            long cycle,
            Instant end,
            long intervalMillis,
            long dueNanos,
            ReportFactory reports,
            GroundTruth truth) {
        long builtNanos = System.nanoTime();
        Instant start = lastEnd == null ? end.minusMillis(intervalMillis) : lastEnd;
        lastEnd = end;
        seq++;
        Report report =
                reports.build(
                        index, credential.hostId(), agentInstance, seq, cycle, start, end, applied);
        byte[] body = ReportEncoder.encode(report);
        long sent = System.nanoTime();
        SendOutcome outcome = client.send(body);
        long replied = System.nanoTime();
        String kind;
        int blocks = 0;
        if (outcome instanceof SendOutcome.Accepted a) {
            kind = a.reply().duplicate() ? "duplicate" : ReportRecord.ACCEPTED;
            applied = a.reply().desiredState();
            blocks =
                    (int)
                            applied.actions().stream()
                                    .filter(x -> x.type() == ActionType.SMTP_BLOCK)
                                    .count();
            truth.observe(index, cycle, applied, replied - builtNanos);
        } else if (outcome instanceof SendOutcome.Retry r) {
            kind = r.kind();
        } else if (outcome instanceof SendOutcome.Rejected r) {
            kind = "rejected_" + r.status();
        } else {
            kind = "unconfirmed_" + ((SendOutcome.Unconfirmed) outcome).kind();
        }
        return new ReportRecord(
                index, seq, cycle, dueNanos, sent, replied, body.length, kind, blocks);
    }
}
