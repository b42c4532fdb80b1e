package dev.vpsguard.agent.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived {@code nft -j -i} child that takes commands on its stdin: a listing costs a
 * netlink dump (about 0.5 ms of CPU) instead of starting nft and loading its cache (about 6 ms).
 * Each input line is one transaction; a listing prints one JSON line, an error prints lines on
 * stderr. The child is started on first use and again after it died or stopped answering.
 * Thread-safe: one command at a time.
 */
public final class NftSession implements AutoCloseable {
    /** Long: a listing of a scan's sets on a loaded host is slow, and a window given up is lost. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Duration ERROR_TAIL = Duration.ofMillis(50);

    private final List<String> command;
    private Process process;
    private OutputStream stdin;
    private BlockingQueue<String> lines;

    /**
     * @param command the command line, {@code nft -j -i} or a wrapper such as {@code ip netns exec}
     */
    public NftSession(List<String> command) {
        this.command = List.copyOf(Objects.requireNonNull(command, "command"));
    }

    /** {@code nft -j -i} on the host. */
    public static NftSession host() {
        return new NftSession(List.of("nft", "-j", "-i"));
    }

    /** What one listing printed, and the error lines that came before it. */
    public record Reply(String json, List<String> errors) {}

    /**
     * Runs {@code commands} (one line: one transaction, no output unless it fails), then {@code
     * listing}, and returns the listing's JSON with any error lines printed before it (those of
     * {@code commands}, when it failed).
     *
     * @throws IllegalStateException when the listing failed or the child did not answer, with nft's
     *     error text; the child is restarted on the next call
     */
    public synchronized Reply run(String commands, String listing) {
        try {
            ensureStarted();
            StringBuilder input = new StringBuilder();
            if (commands != null && !commands.isBlank()) {
                input.append(commands.strip()).append('\n');
            }
            input.append(listing.strip()).append('\n');
            stdin.write(input.toString().getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            List<String> errors = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    stop();
                    throw new IllegalStateException(
                            "nft did not answer `" + listing.strip() + "`" + describe(errors));
                }
                if (line.startsWith("out:")) {
                    return new Reply(line.substring(4), List.copyOf(errors));
                }
                errors.add(line.substring(4));
                if (line.startsWith("end:")) {
                    stop();
                    throw new IllegalStateException("nft exited" + describe(errors));
                }
                // nft echoes the failing command under its error message.
                if (line.substring(4).strip().equals(listing.strip())) {
                    String more;
                    while ((more = lines.poll(ERROR_TAIL.toMillis(), TimeUnit.MILLISECONDS))
                            != null) {
                        errors.add(more.substring(4));
                    }
                    throw new IllegalStateException(
                            "`" + listing.strip() + "` failed" + describe(errors));
                }
            }
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("cannot talk to nft: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for nft", e);
        }
    }

    /** The child's pid, or -1 when none runs. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    private static String describe(List<String> errors) {
        return errors.isEmpty() ? "" : ": " + String.join("\n", errors).strip();
    }

    private void ensureStarted() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        stop();
        process = new ProcessBuilder(command).start();
        stdin = process.getOutputStream();
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        lines = queue;
        pump(process.getInputStream(), "out:", queue, "vpsguard-nft-out");
        pump(process.getErrorStream(), "err:", queue, "vpsguard-nft-err");
    }

    private static void pump(InputStream in, String tag, BlockingQueue<String> queue, String name) {
        Thread t =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(in, StandardCharsets.UTF_8),
                                            1 << 16)) {
                                String line;
                                while ((line = r.readLine()) != null) {
                                    queue.add(tag + line);
                                }
                            } catch (IOException e) {
                                // the child is gone; the next call restarts it
                            }
                            if (tag.equals("out:")) {
                                queue.add("end:(nft ended)");
                            }
                        },
                        name);
        t.setDaemon(true);
        t.start();
    }

    private void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        process = null;
        stdin = null;
        lines = null;
    }

    @Override
    public synchronized void close() {
        stop();
    }
}
