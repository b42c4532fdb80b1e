package dev.vpsguard.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plays a {@link TrafficPlan} from inside a guest namespace: a bounded, self-stopping connection
 * generator for the high-rate profiles. Only addresses of the lab (198.51.100.0/24, 198.18.0.0/15,
 * 203.0.113.0/24, 2001:db8::/32) are accepted; at most {@link TrafficPlan#MAX_CONNECTIONS}
 * connections and {@code --max-seconds} (at most 60) of starting new ones.
 *
 * <p>Usage: {@code LabTrafficGenerator --plan FILE --out FILE [--mode connect|quit|rcpt|postfix]
 * [--rate connections/s, 0 = as fast as possible] [--concurrency N] [--connect-timeout-ms MS]
 * [--max-seconds S]}. Writes a properties file read by {@link GeneratorResult}.
 *
 * <p>Modes: {@code connect} opens and closes; {@code quit} reads the greeting and sends QUIT;
 * {@code rcpt} goes through EHLO, MAIL FROM, RCPT TO and QUIT, as a spam bot probing recipients;
 * {@code postfix} does the same but closes right after sending QUIT, without reading the 221, as
 * Postfix's SMTP client does by default ({@code smtp_skip_quit_response = yes}): the server's 221
 * then meets a closed socket, which answers with an RST (conntrack: {@code CLOSE [ASSURED]}).
 */
public final class LabTrafficGenerator {
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final String mode;
    private final int connectTimeoutMillis;
    private final LongAdder attempted = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder unreplied = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dialogueErrors = new LongAdder();
    private final Map<String, LongAdder> acceptedPer = new ConcurrentHashMap<>();
    private final AtomicReference<String> firstError = new AtomicReference<>("");
    private final AtomicLong firstConnectAt = new AtomicLong();
    private final AtomicLong firstNoticeAt = new AtomicLong();

    private LabTrafficGenerator(String mode, int connectTimeoutMillis) {
        this.mode = mode;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        TrafficPlan plan = TrafficPlan.parse(Files.readAllLines(Path.of(o.get("--plan"))));
        for (TrafficPlan.Connect c : plan.connects()) {
            if (!c.address().startsWith("198.51.100.")
                    && !c.address().startsWith("203.0.113.")
                    && !c.address().startsWith("198.18.")
                    && !c.address().startsWith("198.19.")
                    && !c.address().startsWith("2001:db8:")) {
                throw new IllegalArgumentException(
                        "refusing non-lab destination "
                                + c.address()
                                + " (TEST-NETs, 2001:db8::/32 and the benchmarking range"
                                + " 198.18.0.0/15 only)");
            }
        }
        String mode = o.getOrDefault("--mode", "quit");
        if (!mode.matches("connect|quit|rcpt|postfix")) {
            throw new IllegalArgumentException(
                    "--mode must be connect, quit, rcpt or postfix: " + mode);
        }
        int rate = Integer.parseInt(o.getOrDefault("--rate", "0"));
        int concurrency = Math.max(1, Integer.parseInt(o.getOrDefault("--concurrency", "16")));
        int timeout = Integer.parseInt(o.getOrDefault("--connect-timeout-ms", "1000"));
        int maxSeconds = Math.min(60, Integer.parseInt(o.getOrDefault("--max-seconds", "20")));
        LabTrafficGenerator g = new LabTrafficGenerator(mode, timeout);
        long started = System.nanoTime();
        boolean complete = g.play(plan, rate, concurrency, maxSeconds);
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        g.writeResult(Path.of(o.get("--out")), elapsed, !complete);
        System.out.println(
                "DONE attempted="
                        + g.attempted.sum()
                        + " accepted="
                        + g.accepted.sum()
                        + " elapsedMillis="
                        + elapsed);
        // Stuck sessions (none expected: every socket has timeouts) must not keep the JVM alive.
        System.exit(0);
    }

    /** Returns false when the time bound stopped the plan early. */
    private boolean play(TrafficPlan plan, int rate, int concurrency, int maxSeconds)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        Semaphore slots = new Semaphore(concurrency);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        long next = start;
        long interval = rate > 0 ? 1_000_000_000L / rate : 0;
        boolean complete = true;
        for (TrafficPlan.Step step : plan.steps()) {
            if (System.nanoTime() > deadline) {
                complete = false;
                break;
            }
            if (step instanceof TrafficPlan.Pause p) {
                Thread.sleep(p.millis());
                next = System.nanoTime();
                continue;
            }
            TrafficPlan.Connect c = (TrafficPlan.Connect) step;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next += interval;
            slots.acquire();
            attempted.increment();
            pool.execute(
                    () -> {
                        try {
                            connectOnce(c);
                        } finally {
                            slots.release();
                        }
                    });
        }
        pool.shutdown();
        pool.awaitTermination(
                connectTimeoutMillis + 2L * READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        return complete;
    }

    private void connectOnce(TrafficPlan.Connect c) {
        firstConnectAt.compareAndSet(0, System.currentTimeMillis());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(c.address(), c.port()), connectTimeoutMillis);
            accepted.increment();
            acceptedPer
                    .computeIfAbsent(c.address() + ":" + c.port(), k -> new LongAdder())
                    .increment();
            try {
                converse(s);
            } catch (IOException e) {
                dialogueErrors.increment();
                firstError.compareAndSet("", "dialogue with " + c + ": " + e);
            }
        } catch (SocketTimeoutException e) {
            unreplied.increment();
        } catch (ConnectException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("refused")) {
                refused.increment();
            } else if (m.contains("timed out")) {
                unreplied.increment();
            } else {
                failed.increment();
                firstError.compareAndSet("", c + ": " + e);
            }
        } catch (IOException e) {
            failed.increment();
            firstError.compareAndSet("", c + ": " + e);
        }
    }

    private void converse(Socket s) throws IOException {
        if (mode.equals("connect")) {
            return;
        }
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = s.getOutputStream();
        in.mark(1024);
        String greeting = in.readLine();
        if (greeting != null && (greeting.startsWith("554 ") || greeting.startsWith("421 "))) {
            // The block's notice (or its throttled form): when the bot first met it.
            firstNoticeAt.compareAndSet(0, System.currentTimeMillis());
        }
        in.reset();
        expect(in, "220");
        if (mode.equals("rcpt") || mode.equals("postfix")) {
            say(out, "EHLO bot.guest.test");
            expect(in, "250");
            say(out, "MAIL FROM:<bot@guest.test>");
            expect(in, "250");
            say(out, "RCPT TO:<someone@example.test>");
            expect(in, "250");
        }
        say(out, "QUIT");
        if (!mode.equals("postfix")) {
            expect(in, "221");
        } // else: the socket closes now, before the 221 arrives
    }

    private static void say(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one reply, multi-line ones included ("250-..." continues, "250 ..." ends). */
    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed, expected " + code);
            }
            if (!line.startsWith(code)) {
                throw new IOException("expected " + code + ", got: " + line);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
    }

    private void writeResult(Path out, long elapsedMillis, boolean stoppedEarly)
            throws IOException {
        Properties p = new Properties();
        p.setProperty("attempted", Long.toString(attempted.sum()));
        p.setProperty("accepted", Long.toString(accepted.sum()));
        p.setProperty("refused", Long.toString(refused.sum()));
        p.setProperty("unreplied", Long.toString(unreplied.sum()));
        p.setProperty("failed", Long.toString(failed.sum()));
        p.setProperty("dialogueErrors", Long.toString(dialogueErrors.sum()));
        p.setProperty("elapsedMillis", Long.toString(elapsedMillis));
        p.setProperty("stoppedEarly", Boolean.toString(stoppedEarly));
        p.setProperty("firstError", firstError.get());
        p.setProperty("firstConnectAtMillis", Long.toString(firstConnectAt.get()));
        p.setProperty("firstNoticeAtMillis", Long.toString(firstNoticeAt.get()));
        acceptedPer.forEach((k, v) -> p.setProperty("accepted." + k, Long.toString(v.sum())));
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "LabTrafficGenerator result");
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
