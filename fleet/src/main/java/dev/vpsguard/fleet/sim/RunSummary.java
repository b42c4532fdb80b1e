package dev.vpsguard.fleet.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of a run over its measured part: reports answered at or after {@code fromNanos} (so a
 * server that falls behind is measured by what it answered, not by what was offered). Pure: records
 * in, figures out.
 *
 * @param reports reports answered in the measured part, accepted or not
 * @param accepted reports the server accepted
 * @param seconds the measured part's length ({@code fromNanos}, or the first due, to the last
 *     reply)
 * @param reportsPerSecond accepted reports a second
 * @param guestSamplesPerSecond accepted guest samples a second
 * @param p50Ms ingest latency (request to reply), median
 * @param p95Ms ... 95th percentile
 * @param p99Ms ... 99th percentile
 * @param maxMs ... the largest
 * @param lagP99Ms how late the simulator sent reports after they were due, 99th percentile (a large
 *     lag means the server did not keep up with the offered rate)
 * @param errors failed reports by kind
 */
public record RunSummary(
        long reports,
        long accepted,
        double seconds,
        double reportsPerSecond,
        double guestSamplesPerSecond,
        double p50Ms,
        double p95Ms,
        double p99Ms,
        double maxMs,
        double lagP99Ms,
        Map<String, Long> errors) {

    public static RunSummary of(List<ReportRecord> all, long fromNanos, int guestsPerHost) {
        List<ReportRecord> measured =
                all.stream().filter(r -> r.replyNanos() >= fromNanos).collect(Collectors.toList());
        long[] latency =
                measured.stream()
                        .filter(ReportRecord::ok)
                        .mapToLong(ReportRecord::latencyNanos)
                        .sorted()
                        .toArray();
        long[] lag =
                measured.stream()
                        .mapToLong(r -> Math.max(0, r.sendNanos() - r.dueNanos()))
                        .sorted()
                        .toArray();
        long first =
                Math.max(
                        fromNanos,
                        measured.stream().mapToLong(ReportRecord::dueNanos).min().orElse(0));
        long last = measured.stream().mapToLong(ReportRecord::replyNanos).max().orElse(0);
        double seconds = Math.max(1e-9, (last - first) / 1e9);
        Map<String, Long> errors =
                measured.stream()
                        .filter(r -> !r.ok())
                        .collect(
                                Collectors.groupingBy(
                                        ReportRecord::outcome,
                                        TreeMap::new,
                                        Collectors.counting()));
        // Errors before the measured part count too: a run with errors is not a clean run.
        all.stream()
                .filter(r -> r.replyNanos() < fromNanos && !r.ok())
                .forEach(r -> errors.merge(r.outcome() + " (warm-up)", 1L, Long::sum));
        long accepted = latency.length;
        return new RunSummary(
                measured.size(),
                accepted,
                seconds,
                accepted / seconds,
                accepted * (double) guestsPerHost / seconds,
                ms(percentile(latency, 0.50)),
                ms(percentile(latency, 0.95)),
                ms(percentile(latency, 0.99)),
                ms(latency.length == 0 ? 0 : latency[latency.length - 1]),
                ms(percentile(lag, 0.99)),
                errors);
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    public static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Percentile of unsorted values. */
    public static long percentileOf(long[] values, double q) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return percentile(copy, q);
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
