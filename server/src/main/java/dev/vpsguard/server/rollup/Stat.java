package dev.vpsguard.server.rollup;

/** Running count, sum and max of one figure; absent (null) values are not counted. */
final class Stat {
    private long count;
    private double sum;
    private double max = Double.NEGATIVE_INFINITY;

    void add(Number value) {
        if (value == null) {
            return;
        }
        double v = value.doubleValue();
        count++;
        sum += v;
        max = Math.max(max, v);
    }

    Double avg() {
        return count == 0 ? null : sum / count;
    }

    Double max() {
        return count == 0 ? null : max;
    }

    /**
     * Merges a stored average and max with this one, weighting by sample counts (the stored row
     * keeps no per-figure count, so its sample count stands in for it).
     */
    static Double mergeAvg(Double storedAvg, int storedCount, Double avg, int count) {
        if (storedAvg == null) {
            return avg;
        }
        if (avg == null) {
            return storedAvg;
        }
        return (storedAvg * storedCount + avg * count) / (storedCount + count);
    }

    static Double mergeMax(Double a, Double b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.max(a, b);
    }
}
