package dev.vpsguard.agent;

import dev.vpsguard.agent.backup.BackupFactsReader;
import dev.vpsguard.agent.backup.BackupStorageReader;
import dev.vpsguard.agent.client.HttpPostClient;
import dev.vpsguard.agent.client.TlsContexts;
import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.enforce.BridgeNetfilter;
import dev.vpsguard.agent.enforce.HostEnforcement;
import dev.vpsguard.agent.enforce.SystemCommandRunner;
import dev.vpsguard.agent.http.HealthCheck;
import dev.vpsguard.agent.http.LocalEndpointsHandler;
import dev.vpsguard.agent.http.LocalEndpointsServer;
import dev.vpsguard.agent.inventory.InventorySource;
import dev.vpsguard.agent.metrics.AgentMetrics;
import dev.vpsguard.agent.metrics.JvmMetrics;
import dev.vpsguard.agent.metrics.SampleCollector;
import dev.vpsguard.agent.reach.GuestAgentPing;
import dev.vpsguard.agent.reach.ReachProbes;
import dev.vpsguard.agent.reach.ReachTracker;
import dev.vpsguard.agent.report.Backoff;
import dev.vpsguard.agent.report.HostCredential;
import dev.vpsguard.agent.report.ReportClient;
import dev.vpsguard.agent.report.ReportLoop;
import dev.vpsguard.agent.report.SeqStore;
import dev.vpsguard.agent.sampling.Sampler;
import dev.vpsguard.agent.smtp.ConntrackReplay;
import dev.vpsguard.agent.smtp.ReplayCapture;
import dev.vpsguard.agent.smtp.SmtpObservation;
import dev.vpsguard.agent.spool.Spool;
import dev.vpsguard.agent.tasks.TaskLogReader;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: the report loop on its own thread, enforcement (driven by that same thread),
 * plus the local endpoint.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);

    /** Backup facts go out every 15 minutes, with the vzdump task logs of the last 8 days. */
    private static final Duration BACKUP_EVERY = Duration.ofMinutes(15);

    private static final Duration BACKUP_LOOKBACK = Duration.ofDays(8);

    /** Each report carries the guest power tasks of the last hour: survives lost reports. */
    private static final Duration TASK_LOOKBACK = Duration.ofHours(1);

    /**
     * Each running VM with the QEMU guest agent is pinged every minute; 3 misses in a row make it
     * unreachable, and a state older than 3 rounds is not reported (docs/decisions.md).
     */
    static final Duration REACH_EVERY = Duration.ofMinutes(1);

    static final int REACH_CONFIRM = 3;
    static final Duration REACH_PING_TIMEOUT = Duration.ofSeconds(10);

    static final Duration BACKOFF_BASE = Duration.ofSeconds(1);
    static final Duration BACKOFF_CAP = Duration.ofSeconds(60);
    static final int MAX_SENDS_PER_CYCLE = 500;

    private final AgentConfig config;

    /**
     * One event loop thread for the report client and the {@code /metrics} server: the client's
     * callers block on their own thread, and a scrape every few seconds does not need its own.
     */
    private final EventLoopGroup io =
            new MultiThreadIoEventLoopGroup(
                    1, new DefaultThreadFactory("vpsguard-io"), NioIoHandler.newFactory());

    private final HttpPostClient http;
    private final ReportLoop loop;
    private final HostEnforcement enforcement;
    private final LocalEndpointsServer endpoints;
    private final ScheduledExecutorService scheduler;
    private final SmtpObservation smtp;
    private final ReachProbes reach;
    private final ScheduledExecutorService reachScheduler;

    /**
     * Sets everything up; nothing runs until {@link #start()}.
     *
     * @throws IOException when the credential, TLS, spool, state dir or listen address fail
     */
    public AgentRuntime(
            AgentConfig config, HostCredential credential, Clock clock, CollectorRegistry registry)
            throws IOException {
        this(config, credential, clock, registry, Map.of());
    }

    /**
     * As above, with environment overrides for the Proxmox commands the agent reads facts with
     * ({@code pvesm}, {@code qm guest cmd}): tests put a fake first on their PATH.
     */
    public AgentRuntime(
            AgentConfig config,
            HostCredential credential,
            Clock clock,
            CollectorRegistry registry,
            Map<String, String> commandEnvironment)
            throws IOException {
        this.config = config;
        AgentMetrics metrics = new AgentMetrics(registry);
        JvmMetrics.register(registry);
        Spool spool =
                new Spool(
                        config.spool().dir(),
                        config.spool().maxBytes(),
                        config.spool().maxRejected(),
                        metrics);
        http =
                new HttpPostClient(
                        config.server().url(),
                        TlsContexts.forServer(config.server().url(), config.server().caFile()),
                        config.server().connectTimeout(),
                        config.server().readTimeout(),
                        io);
        SecureRandom random = new SecureRandom();
        InventorySource inventory = HostAdapters.inventory(config);
        Sampler sampler = HostAdapters.sampler(config, clock);
        SampleCollector samples = new SampleCollector(sampler::latestGuestCounters);
        loop =
                new ReportLoop(
                        credential.hostId(),
                        inventory,
                        sampler,
                        new SeqStore(config.stateDir()),
                        spool,
                        new ReportClient(http, credential),
                        new Backoff(BACKOFF_BASE, BACKOFF_CAP, random::nextDouble),
                        clock,
                        metrics,
                        MAX_SENDS_PER_CYCLE);
        loop.onReport(samples::update);
        if (config.inventory().mode() == AgentConfig.InventoryMode.PROXMOX) {
            // Who stopped each guest, for the availability ledger (docs/decisions.md).
            TaskLogReader tasks = new TaskLogReader(config.hostRoot(), clock, TASK_LOOKBACK);
            ZoneId zone = ZoneId.systemDefault();
            BackupFactsReader backups =
                    new BackupFactsReader(
                            config.hostRoot(),
                            new BackupStorageReader(
                                    new SystemCommandRunner(
                                            List.of(), commandEnvironment, Duration.ofSeconds(30)),
                                    zone),
                            zone,
                            nodeName(config.hostRoot()),
                            clock,
                            BACKUP_EVERY,
                            BACKUP_LOOKBACK);
            reach =
                    new ReachProbes(
                            config.hostRoot(),
                            inventory,
                            new GuestAgentPing(
                                    new SystemCommandRunner(
                                            List.of(), commandEnvironment, REACH_PING_TIMEOUT)),
                            new ReachTracker(REACH_CONFIRM, REACH_EVERY.multipliedBy(3)),
                            clock);
            loop.hostFacts(r -> backups.addTo(tasks.addTo(reach.addTo(r))));
        } else {
            reach = null;
        }
        if (config.enforcement().enabled()) {
            try {
                enforcement = HostAdapters.enforcement(config, inventory, registry, clock);
            } catch (IOException e) {
                closeClient();
                throw e;
            }
            // Reconciled on the loop thread, never on a Netty event loop.
            loop.onCycle(enforcement::cycle);
            loop.onDesiredState(enforcement::apply);
            loop.enforcementAck(enforcement::ack);
        } else {
            enforcement = null;
        }
        if (config.smtp().enabled()) {
            try {
                smtp = smtpObservation(config.smtp(), clock).register(registry);
            } catch (IOException e) {
                closeClient();
                throw e;
            }
            loop.smtpWindows(smtp::closeWindow);
        } else {
            smtp = null;
        }
        try {
            endpoints =
                    new LocalEndpointsServer(
                            new InetSocketAddress(config.metrics().bind(), config.metrics().port()),
                            new LocalEndpointsHandler(
                                    registry,
                                    List.of(samples),
                                    new HealthCheck(loop::lastCycleAt, config.interval(), clock)),
                            io);
        } catch (IOException e) {
            closeClient();
            throw e;
        }
        scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "vpsguard-report-loop");
                            t.setDaemon(false);
                            return t;
                        });
        reachScheduler =
                reach == null
                        ? null
                        : Executors.newSingleThreadScheduledExecutor(
                                r -> {
                                    Thread t = new Thread(r, "vpsguard-reach-probe");
                                    t.setDaemon(true);
                                    return t;
                                });
    }

    /**
     * Starts enforcement (responder, persisted state) before any server contact, then the report
     * loop: a cycle now, then one per interval.
     */
    public void start() {
        if (enforcement != null) {
            if (config.enforcement().setBridgeNfCall()) {
                List<String> problems = new BridgeNetfilter(config.hostRoot()).enable();
                problems.forEach(p -> LOG.error("{}: SMTP blocks cannot redirect or be seen", p));
            }
            enforcement.start();
        }
        if (smtp != null) {
            smtp.start();
        }
        long ms = config.interval().toMillis();
        // Fixed delay, not rate: after a long send (backlog) the next cycle waits a full interval.
        scheduler.scheduleWithFixedDelay(loop::runOnce, 0, ms, TimeUnit.MILLISECONDS);
        if (reachScheduler != null) {
            reachScheduler.scheduleWithFixedDelay(
                    this::probeReachOnce, 0, REACH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
        InetSocketAddress at = endpoints.address();
        String host = at.getAddress().getHostAddress();
        LOG.info(
                "reporting to {} every {} s; metrics on http://{}:{}/metrics",
                config.server().url(),
                config.interval().toSeconds(),
                host.contains(":") ? "[" + host + "]" : host,
                at.getPort());
    }

    /**
     * Watches the kernel, or, with {@code smtp.replay}, plays a recorded capture (demos and tests).
     *
     * @throws IOException when the capture cannot be loaded (it was checked with the config, but
     *     the file may have changed since)
     */
    private SmtpObservation smtpObservation(AgentConfig.Smtp s, Clock clock) throws IOException {
        AgentConfig.Replay replay = s.replay();
        if (replay == null) {
            return new SmtpObservation(
                    clock,
                    s.preAlertConnections(),
                    s.preAlertWindow(),
                    s.answerDeadline(),
                    this::urgentReport);
        }
        return SmtpObservation.replaying(
                clock,
                s.preAlertConnections(),
                s.preAlertWindow(),
                s.answerDeadline(),
                this::urgentReport,
                ReplayCapture.load(replay.file()),
                new ConntrackReplay.Settings(replay.loop(), replay.gap(), replay.speed()));
    }

    /** Where {@code /metrics} and {@code /healthz} listen (the bound port when configured 0). */
    public InetSocketAddress metricsAddress() {
        return endpoints.address();
    }

    /** The report loop, for consumers of the desired state. */
    public ReportLoop loop() {
        return loop;
    }

    /**
     * A guest crossed the SMTP pre-alert level: report now rather than at the end of the interval,
     * so a block can land within seconds. The trigger allows at most one a second.
     */
    private void urgentReport() {
        try {
            scheduler.execute(loop::runOnce);
        } catch (RejectedExecutionException e) {
            // Stopping: the last cycle's report is already spooled.
        }
    }

    /**
     * One round of reachability probes now (the scheduler runs one a minute from {@link #start()};
     * tests drive it); nothing without a Proxmox inventory.
     */
    public void probeReachOnce() {
        if (reach == null) {
            return;
        }
        try {
            reach.runOnce();
        } catch (RuntimeException e) {
            // A failed round leaves the states to go stale; the next round tries again.
            LOG.warn("guest reachability probe failed: {}", e.toString());
        }
    }

    /** Stops: aborts the send in flight (its report stays spooled), then closes sockets. */
    @Override
    public void close() {
        loop.stop();
        if (reachScheduler != null) {
            reachScheduler.shutdownNow(); // a ping in flight is killed by its own timeout
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (smtp != null) {
            smtp.close();
        }
        if (enforcement != null) {
            enforcement.close();
        }
        endpoints.close();
        closeClient();
        LOG.info("stopped");
    }

    private void closeClient() {
        http.close();
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The Proxmox node name: the host's name, as {@code /etc/hostname} holds it. */
    static String nodeName(Path root) {
        try {
            String name = Files.readString(root.resolve("etc/hostname")).strip();
            return name.isEmpty() ? null : name;
        } catch (IOException e) {
            return null;
        }
    }
}
