package dev.vpsguard.agent.report;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.agent.inventory.InventorySource;
import dev.vpsguard.agent.metrics.AgentMetrics;
import dev.vpsguard.agent.sampling.Sampler;
import dev.vpsguard.agent.smtp.SmtpWindows;
import dev.vpsguard.agent.spool.Spool;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.SmtpWindow;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One report cycle, run every interval by one thread: build the report, spool it, send the spool
 * oldest-first, then fsync what the server did not take. Every report goes through the spool, so a
 * crash or shutdown mid-send loses nothing and reports reach the server in seq order. After a
 * failure the spool waits out an exponential {@link Backoff} before the next attempt; new reports
 * keep being spooled meanwhile.
 */
public final class ReportLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ReportLoop.class);

    private final String hostId;
    private final InventorySource inventory;
    private final Sampler sampler;
    private final SeqStore seqs;
    private final Spool spool;
    private final ReportClient client;
    private final Backoff backoff;
    private final Clock clock;
    private final AgentMetrics metrics;
    private final int maxSendsPerCycle;
    private final List<Consumer<Report>> reportListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<DesiredState>> stateListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> cycleTasks = new CopyOnWriteArrayList<>();
    private volatile Supplier<EnforcementAck> enforcementAck = () -> null;
    private volatile BiFunction<List<Guest>, Instant, SmtpWindows> smtpWindows = (g, t) -> null;
    private volatile UnaryOperator<Report> hostFacts = UnaryOperator.identity();

    private volatile Instant lastCycleAt;
    private volatile DesiredState desiredState;
    private volatile boolean stopping;
    private Instant nextAttemptAt = Instant.MIN;
    private int failures;
    private String lastProblem;
    private final DeltaEncoding deltas = new DeltaEncoding();

    /**
     * @param maxSendsPerCycle how many spooled reports one cycle sends at most, so a long backlog
     *     drains over several cycles without starving sampling
     */
    public ReportLoop(
            String hostId,
            InventorySource inventory,
            Sampler sampler,
            SeqStore seqs,
            Spool spool,
            ReportClient client,
            Backoff backoff,
            Clock clock,
            AgentMetrics metrics,
            int maxSendsPerCycle)
            throws IOException {
        this.hostId = hostId;
        this.inventory = inventory;
        this.sampler = sampler;
        this.seqs = seqs;
        this.spool = spool;
        this.client = client;
        this.backoff = backoff;
        this.clock = clock;
        this.metrics = metrics;
        this.maxSendsPerCycle = maxSendsPerCycle;
        // Should the seq file be older than the spool (restored backup), never reuse a spooled seq.
        Optional<Long> newest = spool.newest();
        if (newest.isPresent()) {
            seqs.advanceTo(newest.get());
        }
        metrics.seq.set(seqs.last());
    }

    /**
     * One cycle: build and spool a report, then send what the spool holds if the backoff allows.
     */
    public void runOnce() {
        if (stopping) {
            return;
        }
        Instant now = clock.instant();
        lastCycleAt = now;
        for (Runnable task : cycleTasks) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("cycle task failed: {}", e.toString());
            }
        }
        try {
            spoolNewReport(now);
        } catch (IOException | RuntimeException e) {
            LOG.error("could not build or spool this cycle's report: {}", e.toString());
        }
        try {
            drain(now);
        } catch (IOException | RuntimeException e) {
            LOG.error("spool error while sending: {}", e.toString());
        }
        try {
            // What the server did not take within the cycle must survive a power cut; a report it
            // took at once needed no fsync.
            spool.sync();
        } catch (IOException | RuntimeException e) {
            LOG.error("could not sync the spool: {}", e.toString());
        }
    }

    private void spoolNewReport(Instant now) throws IOException {
        List<Guest> guests = inventory.load();
        HostSample host = sampler.sampleHost();
        List<GuestSample> samples = sampler.sampleGuests(guests);
        SmtpWindows smtp = smtpWindows.apply(guests, now);
        SmtpWindow unattributed = null;
        if (smtp != null) {
            samples =
                    samples.stream()
                            .map(
                                    s ->
                                            s.withSmtp(smtp.forGuest(s.vmid()))
                                                    .withFlows(smtp.flowsOf(s.vmid())))
                            .toList();
            unattributed = smtp.unattributed();
        }
        long seq = seqs.next();
        Report built =
                new Report(
                        ProtocolJson.VERSION,
                        hostId,
                        seq,
                        now,
                        host,
                        samples,
                        unattributed,
                        enforcementAck.get(),
                        seqs.instance());
        Report report = built;
        try {
            report = hostFacts.apply(report);
        } catch (RuntimeException e) {
            // The figures still go out; only the task log facts are missing from this one.
            LOG.warn("could not add the host's task log facts: {}", e.toString());
        }
        spool.append(seq, deltas.encode(report, spool.depth() == 0));
        metrics.seq.set(seq);
        Report sent = report;
        reportListeners.forEach(l -> l.accept(sent));
    }

    private void drain(Instant now) throws IOException {
        if (now.isBefore(nextAttemptAt)) {
            return;
        }
        for (int sent = 0; sent < maxSendsPerCycle && !stopping; sent++) {
            Optional<Long> oldest = spool.oldest();
            if (oldest.isEmpty()) {
                return;
            }
            long seq = oldest.get();
            byte[] body;
            try {
                body = spool.read(seq);
            } catch (IOException e) {
                LOG.error(
                        "spooled report seq {} is unreadable, dropping it: {}", seq, e.toString());
                spool.remove(seq);
                metrics.spoolDropped.inc();
                continue;
            }
            long t0 = System.nanoTime();
            SendOutcome outcome = client.send(body);
            if (outcome instanceof SendOutcome.Accepted a && a.reply().seq() != seq) {
                outcome =
                        new SendOutcome.Unconfirmed(
                                200,
                                "seq_mismatch",
                                "the reply is for seq " + a.reply().seq() + ", not " + seq);
            }
            if (outcome instanceof SendOutcome.Accepted a && a.reply().fullNeeded()) {
                metrics.unexpectedReplies.labels("send_full").inc();
                if (!sendInFull(seq)) {
                    setAside(
                            seq,
                            "send_full",
                            "server could not expand report seq {} ({}: {}), and this agent no"
                                    + " longer has it in full",
                            200,
                            "its base is not the server's last report");
                }
            } else if (outcome instanceof SendOutcome.Accepted a) {
                metrics.latency.observe((System.nanoTime() - t0) / 1e9);
                if (a.reply().duplicate()) {
                    // Only a report the server has stored is a duplicate: its earlier reply was
                    // lost (timeout, cut connection), so the report is delivered.
                    metrics.unexpectedReplies.labels("duplicate").inc();
                    LOG.warn(
                            "server already had report seq {} (a reply to an earlier send was"
                                    + " lost): delivered, removed from the spool",
                            seq);
                }
                accepted(seq, a);
            } else if (outcome instanceof SendOutcome.Rejected r) {
                metrics.rejected.inc();
                setAside(
                        seq,
                        "refused",
                        "server refused report seq {} with {}: {}",
                        r.status(),
                        r.body());
            } else if (outcome instanceof SendOutcome.Unconfirmed u) {
                setAside(
                        seq,
                        u.kind(),
                        "server answered report seq {} with {} but did not confirm it: {}",
                        u.status(),
                        u.reason());
            } else if (outcome instanceof SendOutcome.Retry r) {
                // What waits in the spool must not depend on what the server holds when it
                // comes back.
                sendInFull(seq);
                failed(r);
                return;
            }
        }
    }

    /**
     * Moves a report the server did not take to {@code spool/rejected/}, never resent (the same
     * bytes would get the same answer, and would hold up every report behind them), but kept for a
     * human: logged with the server's answer and counted.
     */
    private void setAside(long seq, String kind, String message, int status, String detail)
            throws IOException {
        metrics.unexpectedReplies.labels(kind).inc();
        boolean kept = spool.reject(seq);
        LOG.error(
                message
                        + (kept
                                ? " (kept in {}, not retried)"
                                : " ({}: not kept, spool.maxRejected is 0)"),
                seq,
                status,
                detail,
                spool.rejectedDir());
    }

    /**
     * Replaces the spooled delta {@code seq} with the full report, when it is the newest report
     * built and a delta.
     *
     * @return whether the spool now holds {@code seq} in full
     */
    private boolean sendInFull(long seq) throws IOException {
        byte[] full = deltas.fullInsteadOf(seq);
        if (full != null) {
            // The newest entry: removing and appending it again keeps the spool's order.
            spool.remove(seq);
            spool.append(seq, full);
        }
        return deltas.isNewest(seq);
    }

    private void accepted(long seq, SendOutcome.Accepted a) throws IOException {
        spool.remove(seq);
        deltas.accepted(seq, a.reply());
        metrics.sent.inc();
        metrics.lastSuccess.set(clock.millis() / 1000.0);
        if (lastProblem != null) {
            LOG.info("server takes reports again; {} still spooled", spool.depth());
            lastProblem = null;
        }
        failures = 0;
        nextAttemptAt = Instant.MIN;
        if (a.reply().desiredState() != null) {
            DesiredState next = a.reply().desiredState();
            DesiredState prev = desiredState;
            desiredState = next;
            if (prev == null || prev.version() != next.version()) {
                stateListeners.forEach(l -> l.accept(next));
            }
        }
    }

    private void failed(SendOutcome.Retry r) {
        failures++;
        nextAttemptAt = clock.instant().plus(backoff.delay(failures));
        metrics.failures.labels(r.kind()).inc();
        if (stopping) {
            return;
        }
        // Log each new problem once, not every retry; the failure counter tracks the rest.
        if (!r.kind().equals(lastProblem)) {
            LOG.error("{}; {} reports spooled, retrying with backoff", r.reason(), spool.depth());
            lastProblem = r.kind();
        } else {
            LOG.debug("{} (attempt {})", r.reason(), failures);
        }
    }

    /** Stops sending: cuts the request in flight; its report stays in the spool. */
    public void stop() {
        stopping = true;
        client.abort();
    }

    /** When the last cycle started, or null before the first. */
    public Instant lastCycleAt() {
        return lastCycleAt;
    }

    /**
     * The earliest time the next send attempt may happen ({@link Instant#MIN} when not backing
     * off).
     */
    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    /** The latest desired state from the server, empty until the first reply carries one. */
    public Optional<DesiredState> desiredState() {
        return Optional.ofNullable(desiredState);
    }

    /** Called (on the loop thread) whenever the server sends a desired state with a new version. */
    public void onDesiredState(Consumer<DesiredState> listener) {
        stateListeners.add(listener);
    }

    /**
     * Runs {@code task} (on the loop thread) at the start of every cycle, before the report is
     * built; a task that throws is logged and the cycle goes on.
     */
    public void onCycle(Runnable task) {
        cycleTasks.add(task);
    }

    /**
     * Where each report's SMTP windows come from: called once per report with the inventory and the
     * report's time, it closes the window (none by default: guests carry no {@code smtp}).
     */
    public void smtpWindows(BiFunction<List<Guest>, Instant, SmtpWindows> source) {
        smtpWindows = source;
    }

    /** Adds the host's facts (boot time, guest power tasks) to each new report; none by default. */
    public void hostFacts(UnaryOperator<Report> facts) {
        hostFacts = facts;
    }

    /** Where each new report's {@code enforcementAck} comes from (none by default). */
    public void enforcementAck(Supplier<EnforcementAck> source) {
        enforcementAck = source;
    }

    /**
     * Called (on the loop thread) with every report built, e.g. to publish its figures as metrics.
     */
    public void onReport(Consumer<Report> listener) {
        reportListeners.add(listener);
    }
}
