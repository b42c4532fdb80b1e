package dev.vpsguard.agent.smtp;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Plays a recorded {@link ReplayCapture} as if {@code conntrack -E} printed it now: for demos and
 * tests without root, never on a production host (the config refuses it with a Proxmox inventory or
 * enforcement on). One daemon thread puts each line in the queue at its recorded time relative to
 * the start of the loop (divided by {@link Settings#speed()}), with
 *
 * <ul>
 *   <li>the timestamp replaced by the clock's time at that moment;
 *   <li>the conntrack id replaced by {@code loop × flows + flow number} (modulo 2³²), so a flow
 *       replayed again in the next loop is a new flow to the aggregator, never a late event of the
 *       previous one, and two flows of one loop never share an id.
 * </ul>
 *
 * With {@link Settings#loop()} the capture starts again {@link Settings#gap()} after its last line,
 * so the server sees quiet periods between repeated episodes; otherwise the source goes quiet after
 * one pass. The queue is bounded and a full queue makes the replay wait, so no line is lost.
 *
 * <p>Why in-process rather than a child process printing the lines into {@link
 * ConntrackEventSource}: that source restarts children that exit, which would replay a finished
 * non-looping capture again and restart the id sequence (so the new loop's flows could collide with
 * flows the aggregator still holds); and a second JVM doubles the demo's memory. The lines still go
 * through the same consumer, parser, observer and aggregator as the kernel's.
 */
public final class ConntrackReplay implements ConntrackLineSource {
    private static final long ID_SPACE = 1L << 32;

    private final ReplayCapture capture;
    private final Settings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<String> log;
    private final BlockingQueue<String> queue;
    private final Thread thread;
    private final Gauge active =
            Gauge.build(
                            "vpsguard_agent_smtp_replay",
                            "1 when the SMTP observation replays a recorded capture (smtp.replay)"
                                    + " instead of watching the kernel: its counts are made up,"
                                    + " for demos and tests only.")
                    .labelNames("source")
                    .create();
    private final Counter lines =
            Counter.build("vpsguard_agent_smtp_replay_lines_total", "Replayed conntrack lines.")
                    .create();
    private final Counter loops =
            Counter.build(
                            "vpsguard_agent_smtp_replay_loops_total",
                            "Passes through the replayed capture completed.")
                    .create();
    private volatile boolean closed;

    /**
     * @param capture what to play
     * @param settings loop, gap and speed
     * @param queueCapacity lines held before the replay waits for the consumer
     * @param clock the time of each replayed line
     * @param sleeper waits until the next line is due (real sleeping, or a test's clock)
     * @param log where the end of a non-looping replay is told (the agent's log)
     */
    public ConntrackReplay(
            ReplayCapture capture,
            Settings settings,
            int queueCapacity,
            Clock clock,
            Sleeper sleeper,
            Consumer<String> log) {
        this.capture = Objects.requireNonNull(capture, "capture");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.log = Objects.requireNonNull(log, "log");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::play, "vpsguard-conntrack-replay");
        thread.setDaemon(true);
        active.labels(capture.name()).set(1);
    }

    /** The capture this source plays. */
    public ReplayCapture capture() {
        return capture;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public String poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    @Override
    public int drainTo(Collection<String> sink, int max) {
        return queue.drainTo(sink, max);
    }

    @Override
    public void register(CollectorRegistry registry) {
        registry.register(active);
        registry.register(lines);
        registry.register(loops);
    }

    /** Lines put in the queue so far. */
    public long linesReplayed() {
        return (long) lines.get();
    }

    /** Passes through the capture completed so far. */
    public long loopsCompleted() {
        return (long) loops.get();
    }

    /** Whether the replay thread still runs (false after close, or after a single pass). */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** The id event {@code index} gets in pass {@code loop} (counted from 0). */
    long id(long loop, int index) {
        return Math.floorMod(loop * capture.flows() + capture.flow(index), ID_SPACE);
    }

    private void play() {
        try {
            for (long loop = 0; !closed; loop++) {
                playOnce(loop);
                if (closed) {
                    return;
                }
                loops.inc();
                if (!settings.loop()) {
                    log.accept(
                            "SMTP replay of "
                                    + capture.name()
                                    + " finished after one pass (smtp.replay.loop: false);"
                                    + " no more SMTP events will come");
                    return;
                }
                if (!settings.gap().isZero()) {
                    sleeper.sleep(settings.gap());
                }
            }
        } catch (InterruptedException e) {
            // close() interrupts a wait: nothing more to play.
        }
    }

    private void playOnce(long loop) throws InterruptedException {
        Instant start = clock.instant();
        for (int i = 0; i < capture.size() && !closed; i++) {
            Instant due = start.plus(capture.offset(i).dividedBy(settings.speed()));
            Duration wait = Duration.between(clock.instant(), due);
            // Not positive: due already (same time as the line before, or the consumer was slow).
            if (wait.compareTo(Duration.ZERO) > 0) {
                sleeper.sleep(wait);
            }
            queue.put(capture.line(i, clock.instant(), id(loop, i)));
            lines.inc();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    /**
     * How a capture is played.
     *
     * @param loop whether to start again after the last line
     * @param gap the pause between the last line of a pass and the first of the next
     * @param speed how many times faster than recorded (1 = as recorded)
     */
    public record Settings(boolean loop, Duration gap, int speed) {
        public Settings {
            Objects.requireNonNull(gap, "gap");
            if (gap.isNegative()) {
                throw new IllegalArgumentException("gap must not be negative, was " + gap);
            }
            if (speed < 1) {
                throw new IllegalArgumentException("speed must be at least 1, was " + speed);
            }
        }
    }

    /** Waits; {@link #REAL} sleeps the thread, tests move a clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());

        void sleep(Duration duration) throws InterruptedException;
    }
}
