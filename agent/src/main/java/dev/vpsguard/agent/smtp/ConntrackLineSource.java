package dev.vpsguard.agent.smtp;

import io.prometheus.client.CollectorRegistry;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Where {@link SmtpObservation}'s consumer takes its conntrack lines from: the kernel, through
 * {@code conntrack -E} children ({@link ConntrackEventSource}), or a recorded capture ({@link
 * ConntrackReplay}, demos and tests only). Either way the lines go through the same parser,
 * observer and aggregator.
 */
public interface ConntrackLineSource extends AutoCloseable {
    /** Starts producing lines. */
    void start();

    /** The next line, waiting up to {@code timeout}; null if none came. */
    String poll(long timeout, TimeUnit unit) throws InterruptedException;

    /** Moves up to {@code max} queued lines to {@code sink} without waiting; returns how many. */
    int drainTo(Collection<String> sink, int max);

    /** Registers this source's metrics. */
    void register(CollectorRegistry registry);

    /** Stops producing lines and releases what the source started. */
    @Override
    void close();
}
