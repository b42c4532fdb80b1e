package dev.vpsguard.agent.smtp;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vpsguard.agent.inventory.Guest;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.cache.caffeine.CacheMetricsCollector;
import java.io.IOException;
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
 */
public final class SmtpObservation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpObservation.class);
    private static final int QUEUE_CAPACITY = 65_536;

    private final GuestAddressBook book;
    private final SmtpWindowAggregator aggregator;
    private final UrgentReportTrigger trigger;
    private final SmtpObserver observer;
    private final ConntrackEventSource source;
    private final Supplier<List<NeighbourEntry>> neighbours;
    private final ScheduledExecutorService restarts;
    private final Thread consumer;
    private volatile boolean closed;

    /**
     * @param clock the agent's clock (windows, pre-alert)
     * @param preAlertConnections new connections within {@code preAlertWindow} that ask for an
     *     urgent report
     * @param urgentReport what to run when a guest crosses the pre-alert level (at most once a
     *     second)
     */
    public SmtpObservation(
            Clock clock, int preAlertConnections, Duration preAlertWindow, Runnable urgentReport) {
        this.book = new GuestAddressBook(Duration.ofMinutes(30));
        this.aggregator =
                new SmtpWindowAggregator(
                        book,
                        SmtpWindowAggregator.Limits.DEFAULTS,
                        Ticker.systemTicker(),
                        clock.instant());
        this.trigger =
                new UrgentReportTrigger(
                        clock, preAlertConnections, preAlertWindow, Duration.ofSeconds(1));
        this.observer = new SmtpObserver(aggregator, book, trigger, LOG::warn);
        this.restarts =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "vpsguard-conntrack-restart");
                            t.setDaemon(true);
                            return t;
                        });
        this.source =
                new ConntrackEventSource(
                        ConntrackEventSource.DEFAULT_COMMANDS,
                        QUEUE_CAPACITY,
                        RestartScheduler.on(restarts),
                        clock,
                        LOG::warn);
        IpNeighbourCommand ip = new IpNeighbourCommand();
        this.neighbours =
                () -> {
                    try {
                        return ip.read();
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("no neighbour table this cycle: {}", e.toString());
                        return List.of();
                    }
                };
        this.consumer = new Thread(() -> consume(urgentReport), "vpsguard-conntrack-consumer");
        consumer.setDaemon(true);
    }

    /** Registers the observer's, the source's and the flow cache's metrics. */
    public SmtpObservation register(CollectorRegistry registry) {
        observer.register(registry);
        source.register(registry);
        CacheMetricsCollector caches = new CacheMetricsCollector().register(registry);
        caches.addCache("vpsguard_smtp_flows", aggregator.flowCache());
        return this;
    }

    /** Starts the conntrack children and the consumer thread. */
    public void start() {
        source.start();
        consumer.start();
    }

    /**
     * Closes the current window and starts the next: refreshes which address belongs to which guest
     * (inventory plus learned neighbours), then returns the counts per guest.
     */
    public SmtpWindows closeWindow(List<Guest> guests, Instant now) {
        book.refresh(guests, neighbours.get(), now);
        trigger.cycleStarted();
        return aggregator.closeWindow(now);
    }

    private void consume(Runnable urgentReport) {
        while (!closed) {
            try {
                String line = source.poll(1, TimeUnit.SECONDS);
                if (line != null && observer.onLine(line)) {
                    urgentReport.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("conntrack line not handled: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.interrupt();
        source.close();
        restarts.shutdownNow();
    }
}
