package dev.vpsguard.agent.smtp;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vpsguard.agent.enforce.CommandRunner;
import dev.vpsguard.agent.enforce.SystemCommandRunner;
import dev.vpsguard.agent.inventory.Guest;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.prometheus.client.cache.caffeine.CacheMetricsCollector;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running SMTP and flow observer. Passive only (contract clause S2): it counts and never sits
 * in the mail path.
 *
 * <p>On a host, the kernel counts ({@link KernelCounting}: nftables sets in the agent's own watch
 * table, read once per window close and once a second for the pre-alert), whatever the rate of new
 * flows; the agent parses no per-flow event.
 *
 * <p>{@link #replaying} builds the demo and test variant: conntrack lines come from a recorded
 * capture ({@link ConntrackReplay}) through the parser and the {@link SmtpWindowAggregator}, no nft
 * watch tables are installed and no neighbour table is read (nothing here needs root), so guests
 * are attributed by the addresses the inventory declares. It counts SMTP only (no flow windows).
 */
public final class SmtpObservation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpObservation.class);
    private static final int QUEUE_CAPACITY = 65_536;
    private static final int BATCH = 1024;

    /** Connections recorded into the pre-alert trigger per guest and poll, at most. */
    private static final long PRE_ALERT_RECORDS = 100_000;

    /**
     * The kernel's SYN_SENT timeout where replay captures are recorded (the default): the replayed
     * flows' unreplied TTL derives from it, not from this host's kernel.
     */
    static final Duration RECORDED_SYN_SENT_TIMEOUT = Duration.ofSeconds(120);

    private final GuestAddressBook book;
    private final UrgentReportTrigger trigger;
    private final Supplier<List<NeighbourEntry>> neighbours;

    /** The replay's aggregator, observer and line source; null on a host. */
    private final SmtpWindowAggregator aggregator;

    private final SmtpObserver observer;
    private final ConntrackLineSource source;

    /** The kernel's counting and its nft session; null when replaying. */
    private final KernelCounting kernel;

    private final NftSession nft;

    /** Running totals of the kernel route's windows, for the per-guest metrics. */
    private final Map<Integer, long[]> totals = new HashMap<>();

    private final Gauge watchInstalled =
            Gauge.build()
                    .name("vpsguard_agent_smtp_watch_tables_installed")
                    .help(
                            "1 when the agent's inet/bridge vpsguard_watch tables are in place,"
                                    + " 0 when nft could not install or list them")
                    .create();
    private volatile String watchProblem;

    /** Polls the kernel's totals for the pre-alert; null when replaying. */
    private final ScheduledExecutorService restarts;

    /** Feeds replayed lines to the observer; null on a host. */
    private final Thread consumer;

    private final Runnable urgentReport;
    private final Clock clock;
    private volatile boolean closed;

    /**
     * @param clock the agent's clock (windows, pre-alert)
     * @param preAlertConnections new connections within {@code preAlertWindow} that ask for an
     *     urgent report
     * @param answerDeadline how long a connection attempt may wait for the answer to its SYN before
     *     it counts as unanswered
     * @param urgentReport what to run when a guest crosses the pre-alert level (at most once a
     *     second)
     */
    public SmtpObservation(
            Clock clock,
            int preAlertConnections,
            Duration preAlertWindow,
            Duration answerDeadline,
            Runnable urgentReport) {
        this(
                clock,
                preAlertConnections,
                preAlertWindow,
                answerDeadline,
                urgentReport,
                SystemCommandRunner.host());
    }

    /**
     * @param nft runs {@code nft} for the watch tables
     */
    public SmtpObservation(
            Clock clock,
            int preAlertConnections,
            Duration preAlertWindow,
            Duration answerDeadline,
            Runnable urgentReport,
            CommandRunner nft) {
        this.book = new GuestAddressBook(Duration.ofMinutes(30));
        this.trigger =
                new UrgentReportTrigger(
                        clock, preAlertConnections, preAlertWindow, Duration.ofSeconds(1));
        this.neighbours = liveNeighbours();
        this.aggregator = null;
        this.observer = null;
        this.source = null;
        this.consumer = null;
        this.urgentReport = urgentReport;
        this.clock = clock;
        this.nft = NftSession.host();
        this.kernel =
                new KernelCounting(
                        nft,
                        this.nft,
                        answerDeadline,
                        SmtpWindowAggregator.Limits.DEFAULTS.distinctCap(),
                        clock.instant(),
                        LOG::info);
        this.restarts = pollExecutor();
    }

    private SmtpObservation(
            Clock clock,
            UrgentReportTrigger trigger,
            Runnable urgentReport,
            SmtpWindowAggregator.Limits limits,
            ConntrackReplay replay) {
        this.book = new GuestAddressBook(Duration.ofMinutes(30));
        this.aggregator =
                new SmtpWindowAggregator(book, limits, Ticker.systemTicker(), clock.instant());
        this.trigger = trigger;
        this.observer = new SmtpObserver(aggregator, book, trigger, LOG::warn);
        this.restarts = null;
        this.source = replay;
        this.neighbours = List::of;
        this.kernel = null;
        this.nft = null;
        this.urgentReport = urgentReport;
        this.clock = clock;
        this.consumer = new Thread(() -> consume(urgentReport), "vpsguard-conntrack-consumer");
        consumer.setDaemon(true);
    }

    /**
     * Observation of a recorded capture instead of the kernel, for demos and tests: no {@code
     * conntrack}, no {@code nft}, no neighbour table; guests are attributed by their inventory
     * addresses. The unreplied TTL follows the recording's SYN_SENT timeout divided by the speed,
     * and so does the answer deadline: both are spans of the recording.
     */
    public static SmtpObservation replaying(
            Clock clock,
            int preAlertConnections,
            Duration preAlertWindow,
            Duration answerDeadline,
            Runnable urgentReport,
            ReplayCapture capture,
            ConntrackReplay.Settings settings) {
        ConntrackReplay replay =
                new ConntrackReplay(
                        capture,
                        settings,
                        QUEUE_CAPACITY,
                        clock,
                        ConntrackReplay.Sleeper.REAL,
                        LOG::info);
        return new SmtpObservation(
                clock,
                new UrgentReportTrigger(
                        clock, preAlertConnections, preAlertWindow, Duration.ofSeconds(1)),
                urgentReport,
                SmtpWindowAggregator.Limits.forSynSentTimeout(
                                RECORDED_SYN_SENT_TIMEOUT.dividedBy(settings.speed()))
                        .withAnswerDeadline(answerDeadline.dividedBy(settings.speed())),
                replay);
    }

    private static ScheduledExecutorService pollExecutor() {
        return Executors.newSingleThreadScheduledExecutor(
                r -> {
                    Thread t = new Thread(r, "vpsguard-flow-poll");
                    t.setDaemon(true);
                    return t;
                });
    }

    private static Supplier<List<NeighbourEntry>> liveNeighbours() {
        IpNeighbourCommand ip = new IpNeighbourCommand();
        return () -> {
            try {
                return ip.read();
            } catch (IOException | RuntimeException e) {
                LOG.debug("no neighbour table this cycle: {}", e.toString());
                return List.of();
            }
        };
    }

    /** Registers the metrics: per-guest totals, the watch tables' state, the replay's own. */
    public SmtpObservation register(CollectorRegistry registry) {
        if (kernel != null) {
            watchInstalled.register(registry);
            registry.register(new SmtpMetricsCollector(this::totals));
            return this;
        }
        observer.register(registry);
        source.register(registry);
        CacheMetricsCollector caches = new CacheMetricsCollector().register(registry);
        caches.addCache("vpsguard_smtp_flows", aggregator.flowCache());
        return this;
    }

    /** Installs (or keeps) the watch tables and starts the pre-alert poll, or the replay. */
    public void start() {
        if (kernel != null) {
            String problem = kernel.start(clock.instant());
            if (problem == null) {
                watchOk();
            } else {
                watchFailed(problem);
            }
            restarts.scheduleWithFixedDelay(this::pollPreAlert, 1, 1, TimeUnit.SECONDS);
            return;
        }
        ReplayCapture c = ((ConntrackReplay) source).capture();
        ConntrackReplay.Settings s = ((ConntrackReplay) source).settings();
        LOG.warn(
                "SMTP observation: replaying {}, not watching the kernel ({} events of {}"
                        + " flows over {} s{}{}); its SMTP counts are made up: for demos and"
                        + " tests only",
                c.name(),
                c.size(),
                c.flows(),
                c.length().toSeconds(),
                s.speed() == 1 ? "" : ", played " + s.speed() + " times faster",
                s.loop() ? ", again every " + s.gap().toSeconds() + " s after its end" : "");
        source.start();
        consumer.start();
    }

    /**
     * Closes the current window and starts the next: refreshes which address belongs to which guest
     * (inventory, learned neighbours and bridge sightings), then returns the counts per guest.
     */
    public SmtpWindows closeWindow(List<Guest> guests, Instant now) {
        trigger.cycleStarted();
        if (kernel == null) {
            book.refresh(guests, neighbours.get(), List.of(), now);
            return aggregator.closeWindow(now);
        }
        try {
            SmtpWindows closed =
                    kernel.close(
                            now,
                            ports -> {
                                book.refresh(guests, neighbours.get(), ports, now);
                                return book;
                            });
            watchOk();
            addTotals(closed);
            return closed;
        } catch (RuntimeException e) {
            // Someone flushed the ruleset, or nft failed: put the tables back for the next window.
            watchFailed(
                    "cannot read the kernel's flow counts: "
                            + e.getMessage()
                            + "; this window's counts are not reported");
            // Keeps the table when it is still the agent's (its counts go on), else installs it.
            String problem = kernel.start(now);
            if (problem != null) {
                watchFailed(problem);
            }
            book.refresh(guests, neighbours.get(), List.of(), now);
            return null;
        }
    }

    private void pollPreAlert() {
        try {
            boolean urgent = false;
            for (Map.Entry<InetAddress, Long> e : kernel.pollSmtp().entrySet()) {
                int vmid = book.vmidOf(e.getKey());
                if (vmid == SourceAttribution.UNATTRIBUTED) {
                    continue;
                }
                // The trigger looks at the times of the last `threshold` connections: at most
                // that many are worth recording.
                long n = Math.min(e.getValue(), PRE_ALERT_RECORDS);
                for (long i = 0; i < n; i++) {
                    urgent |= trigger.newConnection(vmid);
                }
            }
            if (urgent) {
                urgentReport.run();
            }
        } catch (RuntimeException e) {
            LOG.debug("pre-alert poll failed: {}", e.toString());
        }
    }

    private synchronized void addTotals(SmtpWindows closed) {
        closed.byGuest().forEach((vmid, w) -> add(vmid, w));
        add(SourceAttribution.UNATTRIBUTED, closed.unattributed());
    }

    private void add(int vmid, dev.vpsguard.protocol.SmtpWindow w) {
        long[] t = totals.computeIfAbsent(vmid, v -> new long[5]);
        t[0] += w.newConnections();
        t[1] += w.unreplied();
        t[2] += w.resetOrRefused();
        t[3] += w.established();
    }

    private synchronized Map<Integer, SmtpTotals> totals() {
        Map<Integer, SmtpTotals> copy = new HashMap<>();
        totals.forEach((vmid, t) -> copy.put(vmid, new SmtpTotals(t[0], t[1], t[2], t[3], t[4])));
        return copy;
    }

    private void watchOk() {
        if (watchProblem != null) {
            LOG.info("SMTP watch tables are in place again");
        }
        watchProblem = null;
        watchInstalled.set(1);
    }

    /** Logs a problem once, not every cycle. */
    private void watchFailed(String problem) {
        if (!problem.equals(watchProblem)) {
            LOG.error(problem);
        }
        watchProblem = problem;
        watchInstalled.set(0);
    }

    private void consume(Runnable urgentReport) {
        List<String> batch = new java.util.ArrayList<>(BATCH);
        while (!closed) {
            try {
                String line = source.poll(1, TimeUnit.SECONDS);
                if (line == null) {
                    continue;
                }
                // Take what else is queued in one go: one wake-up per batch, not per line.
                batch.add(line);
                source.drainTo(batch, BATCH - 1);
                boolean urgent = false;
                for (String l : batch) {
                    urgent |= onLine(l);
                }
                batch.clear();
                if (urgent) {
                    urgentReport.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean onLine(String line) {
        try {
            return observer.onLine(line);
        } catch (RuntimeException e) {
            LOG.warn("conntrack line not handled: {}", e.toString());
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (consumer != null) {
            consumer.interrupt();
            source.close();
        }
        if (restarts != null) {
            restarts.shutdownNow();
        }
        if (nft != null) {
            nft.close();
        }
    }
}
