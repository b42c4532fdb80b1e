package dev.vpsguard.fleet.load;

import dev.vpsguard.agent.report.ReportEncoder;
import dev.vpsguard.fleet.model.ReportFactory;
import dev.vpsguard.protocol.InvalidMessageException;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The physical limit of the same work: how many of the run's report bodies the machine decodes a
 * second with nothing else to do, as a measured loop in this JVM (not JMH): the bodies are built by
 * the run's own {@link ReportFactory} (the same guests, cycles and storms), then {@code threads}
 * threads decode them round-robin: both variants for a warm-up, then each for a measured period.
 * Two figures: Jackson alone ({@link ProtocolJson#read} of the JSON into the protocol's records,
 * validation included), and gunzip plus Jackson, which is what the server must at least do per
 * report.
 */
final class DecodeLimit {
    /** Reports a second for each variant. */
    record Result(
            int threads,
            int bodies,
            double jsonPerSecond,
            double gzipJsonPerSecond,
            double meanJsonBytes,
            double meanGzipBytes) {}

    private DecodeLimit() {}

    static Result measure(
            ReportFactory reports,
            int hosts,
            long cycles,
            int threads,
            Duration warmUp,
            Duration measure)
            throws InterruptedException {
        List<byte[]> json = new ArrayList<>();
        List<byte[]> gzip = new ArrayList<>();
        int n = Math.min(256, hosts * (int) Math.min(cycles, 8));
        Instant t = Instant.parse("2026-12-03T00:00:00Z");
        for (int i = 0; i < n; i++) {
            int host = i % hosts;
            long cycle = (i / hosts) * Math.max(1, cycles / 8);
            Report r =
                    reports.build(
                            host,
                            UUID.randomUUID().toString(),
                            UUID.randomUUID().toString(),
                            cycle + 1,
                            cycle,
                            t.plusSeconds(5 * cycle),
                            t.plusSeconds(5 * cycle + 5),
                            null);
            json.add(ProtocolJson.write(r));
            gzip.add(ReportEncoder.encode(r));
        }
        // Both variants warm up before either is measured: the second shares the first's JIT work.
        loop(json, false, threads, warmUp, Duration.ofMillis(1));
        loop(gzip, true, threads, warmUp, Duration.ofMillis(1));
        double jsonRate = loop(json, false, threads, Duration.ZERO, measure);
        double gzipRate = loop(gzip, true, threads, Duration.ZERO, measure);
        return new Result(
                threads,
                n,
                jsonRate,
                gzipRate,
                json.stream().mapToInt(b -> b.length).average().orElse(0),
                gzip.stream().mapToInt(b -> b.length).average().orElse(0));
    }

    private static double loop(
            List<byte[]> bodies, boolean gunzip, int threads, Duration warmUp, Duration measure)
            throws InterruptedException {
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + measure.toNanos();
        CountDownLatch done = new CountDownLatch(threads);
        AtomicLong sink = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread th =
                    new Thread(
                            () -> {
                                long local = 0;
                                long seqs = 0;
                                int i = offset;
                                while (true) {
                                    long now = System.nanoTime();
                                    if (now >= end) {
                                        break;
                                    }
                                    byte[] body = bodies.get(i++ % bodies.size());
                                    seqs += decode(body, gunzip).seq();
                                    if (now >= measureFrom) {
                                        local++;
                                    }
                                }
                                count.addAndGet(local);
                                sink.addAndGet(seqs);
                                done.countDown();
                            },
                            "decode-limit-" + t);
            th.start();
        }
        done.await();
        return count.get() / (measure.toNanos() / 1e9);
    }

    private static Report decode(byte[] body, boolean gunzip) {
        try {
            byte[] json = body;
            if (gunzip) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    json = in.readAllBytes();
                }
            }
            return ProtocolJson.read(json, Report.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidMessageException e) {
            throw new IllegalStateException(
                    "the simulator built an invalid report: " + e.getMessage(), e);
        }
    }
}
