package dev.vpsguard.server.console;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest load for a benchmark: {@code hosts} enrolled hosts each post a report of {@code guests}
 * guests every 5 s through the API, their phases spread over the interval, while the server's test
 * clock follows real time. Counts replies, errors and report latency.
 */
final class IngestLoad implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(5);

    private final ScheduledExecutorService senders;
    private final ScheduledExecutorService ticker;
    private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final long started = System.nanoTime();

    private IngestLoad(int threads) {
        this.senders = Executors.newScheduledThreadPool(threads);
        this.ticker = Executors.newSingleThreadScheduledExecutor();
    }

    static IngestLoad start(TestServer server, int hosts, int guests) {
        IngestLoad load = new IngestLoad(8);
        MutableClock clock = server.clock();
        Instant base = clock.instant();
        long t0 = System.nanoTime();
        load.ticker.scheduleAtFixedRate(
                () -> clock.set(base.plusNanos(System.nanoTime() - t0)),
                0,
                50,
                TimeUnit.MILLISECONDS);
        for (int i = 0; i < hosts; i++) {
            Agents.Enrolled host = Agents.enroll(server, "pve-load-" + i);
            AtomicLong seq = new AtomicLong();
            long phase = INTERVAL.toMillis() * i / hosts;
            load.senders.scheduleAtFixedRate(
                    () -> load.send(server, host, seq.incrementAndGet(), guests),
                    phase,
                    INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return load;
    }

    private void send(TestServer server, Agents.Enrolled host, long seq, int guests) {
        try {
            Instant now = server.clock().instant();
            List<GuestSample> samples = new ArrayList<>(guests);
            for (int v = 0; v < guests; v++) {
                samples.add(Agents.guest(100 + v, 0.5, 0, now));
            }
            byte[] body = ProtocolJson.write(Agents.report(host.hostId(), seq, now, samples));
            long t0 = System.nanoTime();
            HttpResponse<String> r = server.postJson("/api/v1/reports", host.credential(), body);
            latencies.add(System.nanoTime() - t0);
            if (r.statusCode() != 200) {
                errors.incrementAndGet();
            }
        } catch (RuntimeException e) {
            errors.incrementAndGet();
        }
    }

    /** Replies and errors so far: every report sent. */
    int sent() {
        return latencies.size() + errors.get();
    }

    /** Replies, reports per second, latency p50/p95/p99 and errors so far. */
    String summary() {
        long[] s = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(s);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (s.length == 0) {
            return "no reply, errors=" + errors.get();
        }
        return String.format(
                "%d replies in %.0f s (%.1f reports/s), latency p50=%.0f ms p95=%.0f ms"
                        + " p99=%.0f ms, errors=%d",
                s.length,
                seconds,
                s.length / seconds,
                s[s.length / 2] / 1e6,
                s[(int) Math.ceil(s.length * 0.95) - 1] / 1e6,
                s[(int) Math.ceil(s.length * 0.99) - 1] / 1e6,
                errors.get());
    }

    @Override
    public void close() throws InterruptedException {
        senders.shutdownNow();
        ticker.shutdownNow();
        senders.awaitTermination(30, TimeUnit.SECONDS);
    }
}
