package dev.vpsguard.server.console.chart;

import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.guest.RecentSamples;
import dev.vpsguard.server.guest.TimedSample;
import dev.vpsguard.server.rollup.GuestRollup;
import dev.vpsguard.server.rollup.GuestRollupRepository;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A guest's chart data: the last hour at full resolution from the samples held in memory, and 30
 * days from the 5-minute rollups, merged into 30-minute points.
 */
@Singleton
public class GuestCharts {
    /** The series of the hour chart, in JSON order. */
    public static final List<String> HOUR =
            List.of("cpu", "mem", "dr", "dw", "tx", "rx", "smtp", "dst", "fail");

    /** The series of the 30-day chart, in JSON order. */
    public static final List<String> MONTH =
            List.of("cpu", "cpuMax", "mem", "dr", "dw", "tx", "rx", "smtp", "fail");

    /** How far back the long chart reaches. */
    public static final Duration MONTH_SPAN = Duration.ofDays(30);

    /**
     * One point of the long chart: 30 minutes, so 30 days are 1,440 points, about one per pixel of
     * a laptop screen (8,640 raw buckets would triple the bytes for nothing a chart can show).
     */
    public static final Duration MONTH_STEP = Duration.ofMinutes(30);

    private final RecentSamples samples;
    private final GuestRollupRepository rollups;
    private final Clock clock;

    public GuestCharts(RecentSamples samples, GuestRollupRepository rollups, Clock clock) {
        this.samples = samples;
        this.rollups = rollups;
        this.clock = clock;
    }

    /**
     * The guest's samples of the last hour taken after {@code since} (epoch second; all when null),
     * so a polling page fetches only what is new. Rates are per second; SMTP connections and
     * failures (unanswered plus refused attempts) per minute; distinct destinations per window.
     */
    public Columns hour(String guestId, @Nullable Long since) {
        return hourOf(samples.of(guestId), since);
    }

    /** The guest's last 30 days of rollups, in 30-minute points. */
    public Columns month(String guestId) {
        Instant from = clock.instant().minus(MONTH_SPAN);
        return monthOf(
                rollups.findByGuestIdAndBucketStartGreaterThanEqualsOrderByBucketStart(
                        guestId, from),
                from);
    }

    static Columns hourOf(List<TimedSample> held, @Nullable Long since) {
        long t0 = held.isEmpty() ? 0 : held.get(0).at().getEpochSecond();
        Columns c = new Columns(t0, HOUR);
        for (TimedSample s : held) {
            long at = s.at().getEpochSecond();
            if (since != null && at <= since) {
                continue;
            }
            GuestUsage u = s.sample().usage();
            SmtpWindow w = s.sample().smtp();
            double minutes =
                    w == null
                            ? 0
                            : Math.max(1, Duration.between(w.start(), w.end()).toMillis()) / 60e3;
            c.add(
                    at,
                    u == null ? null : u.cpuCores(),
                    u == null || u.memoryUsedBytes() == null
                            ? null
                            : u.memoryUsedBytes().doubleValue(),
                    u == null ? null : u.diskReadBytesPerSec(),
                    u == null ? null : u.diskWriteBytesPerSec(),
                    u == null ? null : u.netTxBytesPerSec(),
                    u == null ? null : u.netRxBytesPerSec(),
                    w == null ? null : w.newConnections() / minutes,
                    w == null ? null : (double) w.distinctDestinations(),
                    w == null ? null : (w.unreplied() + w.resetOrRefused()) / minutes);
        }
        return c;
    }

    static Columns monthOf(List<GuestRollup> rows, Instant from) {
        long step = MONTH_STEP.toSeconds();
        long t0 = Math.floorDiv(from.getEpochSecond(), step) * step;
        Columns c = new Columns(t0, MONTH).meta("step", step);
        Point p = null;
        for (GuestRollup r : rows) {
            long slot = Math.floorDiv(r.bucketStart().getEpochSecond(), step) * step;
            if (p != null && p.slot != slot) {
                p.writeTo(c, step);
                p = null;
            }
            if (p == null) {
                p = new Point(slot);
            }
            p.add(r);
        }
        if (p != null) {
            p.writeTo(c, step);
        }
        return c;
    }

    /** One 30-minute point: averages weighted by sample count, maxima, sums. */
    private static final class Point {
        final long slot;
        final double[] sum = new double[6];
        final long[] weight = new long[6];
        double cpuMax = Double.NaN;
        long smtp;
        long fail;

        Point(long slot) {
            this.slot = slot;
        }

        void add(GuestRollup r) {
            int n = r.sampleCount();
            add(0, r.cpuCoresAvg(), n);
            add(1, r.memoryUsedBytesAvg(), n);
            add(2, r.diskReadBpsAvg(), n);
            add(3, r.diskWriteBpsAvg(), n);
            add(4, r.netTxBpsAvg(), n);
            add(5, r.netRxBpsAvg(), n);
            if (r.cpuCoresMax() != null) {
                cpuMax = Double.isNaN(cpuMax) ? r.cpuCoresMax() : Math.max(cpuMax, r.cpuCoresMax());
            }
            smtp += r.smtpNewConnections();
            fail += r.smtpUnreplied();
        }

        private void add(int i, @Nullable Double avg, int n) {
            if (avg != null && n > 0) {
                sum[i] += avg * n;
                weight[i] += n;
            }
        }

        private Double avg(int i) {
            return weight[i] == 0 ? null : sum[i] / weight[i];
        }

        void writeTo(Columns c, long step) {
            double minutes = step / 60.0;
            c.add(
                    slot,
                    avg(0),
                    Double.isNaN(cpuMax) ? null : cpuMax,
                    avg(1),
                    avg(2),
                    avg(3),
                    avg(4),
                    avg(5),
                    smtp / minutes,
                    fail / minutes);
        }
    }
}
