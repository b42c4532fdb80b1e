package dev.vpsguard.fleet.sim;

import dev.vpsguard.agent.client.HttpPostClient;
import dev.vpsguard.agent.report.HostCredential;
import dev.vpsguard.agent.report.ReportClient;
import dev.vpsguard.fleet.model.FleetPlan;
import dev.vpsguard.fleet.model.ReportFactory;
import dev.vpsguard.fleet.model.SpamThreshold;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many simulated agents on few threads: one scheduler thread makes each host's cycles due, and a
 * fixed pool of sender threads builds, encodes and sends them through the agent's own {@link
 * ReportClient} over a handful of shared {@link HttpPostClient}s (one Netty event loop each,
 * kept-alive connections reused across hosts, one per sender at a time). 2,000 hosts need 2,000
 * credentials, not 2,000 threads.
 */
public final class FleetSimulator implements AutoCloseable {
    /** HTTP clients shared by the hosts: each has its own event loop thread. */
    private static final int CLIENTS = 4;

    private final FleetOptions options;
    private final FleetPlan plan;
    private final ReportFactory reports;
    private final GroundTruth truth;
    private final List<HttpPostClient> clients = new ArrayList<>();
    private final List<SimHost> hosts = new ArrayList<>();
    private final ExecutorService senders;
    private final ConcurrentLinkedQueue<ReportRecord> records = new ConcurrentLinkedQueue<>();

    public FleetSimulator(FleetOptions options, SpamThreshold threshold) {
        this.options = options;
        this.plan =
                FleetPlan.draw(
                        options.seed(),
                        options.hosts(),
                        options.guestsPerHost(),
                        options.cycles(),
                        threshold);
        this.reports = new ReportFactory(plan, threshold);
        this.truth = new GroundTruth(plan, threshold);
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(
                    new HttpPostClient(
                            options.server(),
                            null,
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(60)));
        }
        AtomicLong n = new AtomicLong();
        this.senders =
                Executors.newFixedThreadPool(
                        options.senders(),
                        r -> {
                            Thread t = new Thread(r, "fleet-sender-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
    }

    public FleetPlan plan() {
        return plan;
    }

    public GroundTruth truth() {
        return truth;
    }

    /** Every report sent so far. */
    public List<ReportRecord> records() {
        return List.copyOf(records);
    }

    /** Creates and enrols every host, on the sender threads. */
    public void enroll() throws IOException, InterruptedException {
        List<Future<HostCredential>> pending = new ArrayList<>();
        for (int h = 0; h < options.hosts(); h++) {
            String name = String.format("fleet-%05d", h);
            Enroller enroller = new Enroller(clients.get(h % CLIENTS), options.adminToken());
            pending.add(senders.submit(() -> enroller.enroll(name)));
        }
        for (int h = 0; h < pending.size(); h++) {
            try {
                HostCredential c = pending.get(h).get();
                hosts.add(new SimHost(h, c, new ReportClient(clients.get(h % CLIENTS), c)));
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
    }

    /**
     * Runs every cycle of every host; returns when the last reply is in, or, in real time, at the
     * latest {@code grace} after the last cycle was due (then false: some reports were never
     * answered, because the server fell behind).
     */
    public boolean run(Duration grace) throws InterruptedException {
        if (hosts.size() != options.hosts()) {
            throw new IllegalStateException("enroll() first");
        }
        if (options.lockStep()) {
            runLockStep();
            return true;
        }
        return runRealTime(grace);
    }

    private void runLockStep() throws InterruptedException {
        long interval = options.interval().toMillis();
        for (long c = 0; c < options.cycles(); c++) {
            Instant end = options.virtualStart().plusMillis((c + 1) * interval);
            CountDownLatch done = new CountDownLatch(hosts.size());
            long due = System.nanoTime();
            for (SimHost h : hosts) {
                long cycle = c;
                senders.execute(() -> send(h, cycle, end, due, done));
            }
            done.await();
        }
    }

    private boolean runRealTime(Duration grace) throws InterruptedException {
        long interval = options.interval().toNanos();
        CountDownLatch done = new CountDownLatch(Math.toIntExact(hosts.size() * options.cycles()));
        ScheduledExecutorService clock =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "fleet-clock");
                            t.setDaemon(true);
                            return t;
                        });
        List<ScheduledFuture<?>> ticks = new ArrayList<>();
        long t0 = System.nanoTime();
        for (SimHost h : hosts) {
            // Phases spread over the interval, as independent agents started at random times.
            long phase = interval * h.index / hosts.size();
            AtomicLong next = new AtomicLong();
            ticks.add(
                    clock.scheduleAtFixedRate(
                            () -> {
                                long cycle = next.getAndIncrement();
                                if (cycle >= options.cycles()) {
                                    return;
                                }
                                long due = t0 + phase + cycle * interval;
                                h.due(
                                        new SimHost.Due(cycle, Instant.now(), due),
                                        this::drainLater,
                                        done);
                            },
                            phase,
                            interval,
                            TimeUnit.NANOSECONDS));
        }
        try {
            return done.await(interval * options.cycles() + grace.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            ticks.forEach(t -> t.cancel(false));
            clock.shutdownNow();
        }
    }

    /** Runs {@code h}'s due cycles on a sender thread, in order (see {@link SimHost#due}). */
    private void drainLater(SimHost h, CountDownLatch done) {
        senders.execute(() -> h.drain(d -> send(h, d.cycle(), d.end(), d.dueNanos(), done)));
    }

    private void send(SimHost h, long cycle, Instant end, long due, CountDownLatch done) {
        try {
            records.add(h.cycle(cycle, end, options.interval().toMillis(), due, reports, truth));
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            records.add(
                    new ReportRecord(
                            h.index, -1, cycle, due, now, now, 0, "simulator_error: " + e, 0));
        } finally {
            done.countDown();
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
        clients.forEach(HttpPostClient::close);
    }
}
