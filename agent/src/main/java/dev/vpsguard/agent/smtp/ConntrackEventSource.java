package dev.vpsguard.agent.smtp;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs {@code conntrack -E} for each address family as supervised child processes and queues the
 * lines they print. Each child's output is read on its own daemon thread into one bounded queue; a
 * line that does not fit is dropped and counted ({@code
 * vpsguard_agent_conntrack_lines_dropped_total}), never silently. A child that exits, or cannot
 * start, is started again after an exponential backoff (1 s doubling to 60 s, back to 1 s once a
 * child has run for a minute). Why a child failed (binary missing, permission denied, its last
 * stderr lines) is logged once per outage, and {@code vpsguard_agent_conntrack_up} is 1 only while
 * every child runs.
 */
public final class ConntrackEventSource implements ConntrackLineSource {
    /**
     * What the agent runs, per family: NEW and DESTROY events of TCP to port 25, and UPDATE events
     * only into state ESTABLISHED (conntrack attaches that state filter to its netlink socket, so
     * the kernel drops the other updates). That is 3 events per mail session instead of about 7,
     * and all the observer needs: the NEW, the moment a reply came, and the end. Each child asks
     * for a 16 MiB netlink receive buffer ({@code -b}): with the default one, {@code conntrack -E}
     * lost 80 % of the events of a 5,000 connections/s flood (BENCHMARKS.md). The two streams of a
     * family are not ordered with respect to each other; {@link SmtpWindowAggregator} copes.
     */
    public static final List<List<String>> DEFAULT_COMMANDS =
            List.of(
                    command("ipv4", "NEW,DESTROY"),
                    command("ipv4", "UPDATE"),
                    command("ipv6", "NEW,DESTROY"),
                    command("ipv6", "UPDATE"));

    /** Receive buffer asked of the kernel for each child, in bytes. */
    public static final int RECEIVE_BUFFER_BYTES = 16 * 1024 * 1024;

    private static List<String> command(String family, String events) {
        List<String> argv =
                new java.util.ArrayList<>(
                        List.of("conntrack", "-E", "-e", events, "-f", family, "-p", "tcp"));
        if (events.equals("UPDATE")) {
            argv.addAll(List.of("--state", "ESTABLISHED"));
        }
        argv.addAll(
                List.of(
                        "--dport",
                        "25",
                        "-o",
                        "timestamp,id",
                        "-b",
                        Integer.toString(RECEIVE_BUFFER_BYTES)));
        return List.copyOf(argv);
    }

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(60);
    static final Duration STABLE_AFTER = Duration.ofSeconds(60);

    private final List<Child> children = new ArrayList<>();
    private final BlockingQueue<String> queue;
    private final RestartScheduler scheduler;
    private final Clock clock;
    private final Consumer<String> warnings;
    private final Counter lines =
            Counter.build("vpsguard_agent_conntrack_lines_total", "Lines read from conntrack -E.")
                    .create();
    private final Counter dropped =
            Counter.build(
                            "vpsguard_agent_conntrack_lines_dropped_total",
                            "conntrack lines dropped because the queue was full.")
                    .create();
    private final Counter restarts =
            Counter.build("vpsguard_agent_conntrack_restarts_total", "conntrack child restarts.")
                    .create();
    private final Counter overruns =
            Counter.build(
                            "vpsguard_agent_conntrack_overruns_total",
                            "Times conntrack -E reported ENOBUFS: the kernel dropped events before"
                                    + " the agent could read them, so SMTP counts may be low.")
                    .create();
    private final Gauge up =
            Gauge.build("vpsguard_agent_conntrack_up", "1 while every conntrack -E child runs.")
                    .create();
    private volatile boolean closed;

    /**
     * @param commands one command line per child
     * @param queueCapacity lines held before new ones are dropped
     * @param scheduler runs restarts
     * @param clock measures how long a child ran
     * @param warnings where the once-per-outage explanations go (the agent's log)
     */
    public ConntrackEventSource(
            List<List<String>> commands,
            int queueCapacity,
            RestartScheduler scheduler,
            Clock clock,
            Consumer<String> warnings) {
        if (commands.isEmpty() || queueCapacity < 1) {
            throw new IllegalArgumentException(
                    "need at least one command and a queue capacity >= 1, was " + queueCapacity);
        }
        commands.forEach(c -> children.add(new Child(List.copyOf(c))));
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** Starts every child. */
    @Override
    public void start() {
        children.forEach(Child::launch);
    }

    /** The next line, waiting up to {@code timeout}; null if none came. */
    @Override
    public String poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    /** Moves up to {@code max} queued lines to {@code sink} without waiting; returns how many. */
    @Override
    public int drainTo(Collection<String> sink, int max) {
        return queue.drainTo(sink, max);
    }

    /** Whether every child runs now. */
    public boolean up() {
        return children.stream().allMatch(c -> c.running);
    }

    /** Lines dropped because the queue was full, since start. */
    public long droppedLines() {
        return (long) dropped.get();
    }

    /** Lines read from all children, since start. */
    public long linesRead() {
        return (long) lines.get();
    }

    /** Registers this source's metrics. */
    @Override
    public void register(CollectorRegistry registry) {
        registry.register(lines);
        registry.register(dropped);
        registry.register(restarts);
        registry.register(up);
        registry.register(overruns);
    }

    /** ENOBUFS reports so far (see {@code vpsguard_agent_conntrack_overruns_total}). */
    public long overruns() {
        return (long) overruns.get();
    }

    /** Stops every child this source started and stops restarting them. */
    @Override
    public void close() {
        closed = true;
        children.forEach(Child::stop);
        up.set(0);
    }

    private void updateUp() {
        up.set(up() ? 1 : 0);
    }

    /** One supervised {@code conntrack -E} process. */
    private final class Child {
        private final List<String> command;
        private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
        private volatile boolean running;
        private Process process;
        private Instant startedAt;
        private int failures;
        private boolean problemLogged;

        Child(List<String> command) {
            this.command = command;
        }

        synchronized void launch() {
            if (closed) {
                return;
            }
            startedAt = clock.instant();
            stderrTail.clear();
            try {
                process = new ProcessBuilder(command).start();
            } catch (IOException e) {
                // Binary missing (error=2) or not executable (error=13): say so, once.
                ended("cannot run " + String.join(" ", command) + ": " + e.getMessage());
                return;
            }
            running = true;
            updateUp();
            Process started = process;
            Thread stderr = daemon("conntrack-stderr", () -> readStderr(started));
            daemon("conntrack-reader", () -> readStdout(started, stderr));
        }

        private void readStdout(Process started, Thread stderr) {
            try (BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(
                                    started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.inc();
                    if (!queue.offer(line)) {
                        dropped.inc();
                    }
                    synchronized (this) {
                        problemLogged = false; // it works again: a later failure is news
                    }
                }
            } catch (IOException e) {
                // The stream closes when the process dies or is stopped: handled below.
            }
            try {
                int status = started.waitFor();
                stderr.join(1000);
                String tail;
                synchronized (stderrTail) {
                    tail = String.join(" | ", stderrTail);
                }
                ended(
                        String.join(" ", command)
                                + " exited with status "
                                + status
                                + (tail.isEmpty() ? "" : ": " + tail));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void readStderr(Process started) {
            try (BufferedReader err =
                    new BufferedReader(
                            new InputStreamReader(
                                    started.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    if (line.contains("ENOBUFS")) {
                        // "WARNING: We have hit ENOBUFS! We are losing events." The child goes on.
                        if (overruns.get() == 0) {
                            warnings.accept(
                                    "conntrack -E lost events (ENOBUFS): SMTP counts may be low;"
                                            + " counted in vpsguard_agent_conntrack_overruns_total");
                        }
                        overruns.inc();
                        continue;
                    }
                    synchronized (stderrTail) {
                        if (stderrTail.size() == 3) {
                            stderrTail.removeFirst();
                        }
                        stderrTail.addLast(line.strip());
                    }
                }
            } catch (IOException e) {
                // Closed with the process.
            }
        }

        private synchronized void ended(String why) {
            running = false;
            updateUp();
            if (closed) {
                return;
            }
            if (!problemLogged) {
                problemLogged = true;
                warnings.accept(why + "; SMTP observation is degraded until it runs again");
            }
            if (Duration.between(startedAt, clock.instant()).compareTo(STABLE_AFTER) >= 0) {
                failures = 0;
            }
            Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(failures, 6));
            failures++;
            restarts.inc();
            scheduler.schedule(this::launch, delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
        }

        synchronized void stop() {
            if (process != null) {
                process.destroy();
            }
        }

        private Thread daemon(String name, Runnable body) {
            Thread thread = new Thread(body, name);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }
    }
}
