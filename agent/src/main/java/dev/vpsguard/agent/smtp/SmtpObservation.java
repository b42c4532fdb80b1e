package dev.vpsguard.agent.smtp;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vpsguard.agent.enforce.CommandRunner;
import dev.vpsguard.agent.enforce.SystemCommandRunner;
import dev.vpsguard.agent.inventory.Guest;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.prometheus.client.cache.caffeine.CacheMetricsCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running SMTP observer: {@code conntrack -E} children, one consumer thread that feeds their
 * lines to the {@link SmtpObserver}, and the per-cycle window close. Passive only (contract clause
 * S2): it reads conntrack events and never sits in the mail path.
 *
 * <p>{@link #replaying} builds the demo and test variant: the lines come from a recorded capture
 * ({@link ConntrackReplay}) instead of the kernel, no nft watch tables are installed and no
 * neighbour table is read (nothing here needs root), so guests are attributed by the addresses the
 * inventory declares. Everything downstream of the lines is the same.
 */
public final class SmtpObservation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpObservation.class);
    private static final int QUEUE_CAPACITY = 65_536;
    private static final int BATCH = 1024;

    /**
     * The kernel's SYN_SENT timeout where replay captures are recorded (the default): the replayed
     * flows' unreplied TTL derives from it, not from this host's kernel.
     */
    static final Duration RECORDED_SYN_SENT_TIMEOUT = Duration.ofSeconds(120);

    private final GuestAddressBook book;
    private final SmtpWindowAggregator aggregator;
    private final UrgentReportTrigger trigger;
    private final SmtpObserver observer;
    private final ConntrackLineSource source;
    private final Supplier<List<NeighbourEntry>> neighbours;

    /** The watch tables; null when replaying. */
    private final WatchTables watch;

    private final Gauge watchInstalled =
            Gauge.build()
                    .name("vpsguard_agent_smtp_watch_tables_installed")
                    .help(
                            "1 when the agent's inet/bridge vpsguard_watch tables are in place,"
                                    + " 0 when nft could not install or list them")
                    .create();
    private volatile String watchProblem;

    /** Restarts conntrack children; null when replaying. */
    private final ScheduledExecutorService restarts;

    private final Thread consumer;
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
        this(
                clock,
                new UrgentReportTrigger(
                        clock, preAlertConnections, preAlertWindow, Duration.ofSeconds(1)),
                urgentReport,
                SmtpWindowAggregator.Limits.forSynSentTimeout(synSentTimeout())
                        .withAnswerDeadline(answerDeadline),
                new WatchTables(nft),
                restartExecutor(),
                null,
                liveNeighbours());
    }

    private SmtpObservation(
            Clock clock,
            UrgentReportTrigger trigger,
            Runnable urgentReport,
            SmtpWindowAggregator.Limits limits,
            WatchTables watch,
            ScheduledExecutorService restarts,
            ConntrackReplay replay,
            Supplier<List<NeighbourEntry>> neighbours) {
        this.watch = watch;
        this.book = new GuestAddressBook(Duration.ofMinutes(30));
        this.aggregator =
                new SmtpWindowAggregator(book, limits, Ticker.systemTicker(), clock.instant());
        this.trigger = trigger;
        this.observer = new SmtpObserver(aggregator, book, trigger, LOG::warn);
        this.restarts = restarts;
        this.source =
                replay != null
                        ? replay
                        : new ConntrackEventSource(
                                ConntrackEventSource.DEFAULT_COMMANDS,
                                QUEUE_CAPACITY,
                                RestartScheduler.on(restarts),
                                clock,
                                LOG::warn);
        this.neighbours = neighbours;
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
                null,
                null,
                replay,
                List::of);
    }

    private static ScheduledExecutorService restartExecutor() {
        return Executors.newSingleThreadScheduledExecutor(
                r -> {
                    Thread t = new Thread(r, "vpsguard-conntrack-restart");
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

    /**
     * The kernel's SYN_SENT timeout in this network namespace, or its default (120 s) when it
     * cannot be read.
     */
    static Duration synSentTimeout() {
        Path p = Path.of("/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_syn_sent");
        try {
            return Duration.ofSeconds(Long.parseLong(Files.readString(p).strip()));
        } catch (IOException | NumberFormatException e) {
            LOG.info("cannot read {} ({}); assuming 120 s", p, e.toString());
            return Duration.ofSeconds(120);
        }
    }

    /** Registers the observer's, the source's and the flow cache's metrics. */
    public SmtpObservation register(CollectorRegistry registry) {
        observer.register(registry);
        if (watch != null) {
            watchInstalled.register(registry);
        }
        source.register(registry);
        CacheMetricsCollector caches = new CacheMetricsCollector().register(registry);
        caches.addCache("vpsguard_smtp_flows", aggregator.flowCache());
        return this;
    }

    /** Starts the conntrack children (or the replay) and the consumer thread. */
    public void start() {
        if (source instanceof ConntrackReplay replay) {
            ReplayCapture c = replay.capture();
            ConntrackReplay.Settings s = replay.settings();
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
        } else {
            ensureWatchTables();
        }
        source.start();
        consumer.start();
    }

    /**
     * Closes the current window and starts the next: refreshes which address belongs to which guest
     * (inventory plus learned neighbours), then returns the counts per guest.
     */
    public SmtpWindows closeWindow(List<Guest> guests, Instant now) {
        List<PortSource> ports = List.of();
        if (watch != null) {
            try {
                ports = watch.portSources();
                watchOk();
            } catch (RuntimeException e) {
                // Someone flushed the ruleset, or nft failed: put the tables back for next cycle.
                watchFailed("cannot read the bridge vpsguard_watch sets: " + e.getMessage());
                ensureWatchTables();
            }
        }
        book.refresh(guests, neighbours.get(), ports, now);
        trigger.cycleStarted();
        return aggregator.closeWindow(now);
    }

    private void ensureWatchTables() {
        CommandRunner.CommandResult r = watch.install();
        if (r.ok()) {
            watchOk();
        } else {
            watchFailed(
                    "cannot install the nftables tables "
                            + WatchTables.TABLES
                            + ": "
                            + r.describe()
                            + "; bridged SMTP flows may go unseen and guests that change address"
                            + " are not attributed");
        }
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
        consumer.interrupt();
        source.close();
        if (restarts != null) {
            restarts.shutdownNow();
        }
    }
}
