package dev.vpsguard.server.console.chart;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chart data in columns: one array of time offsets and one array per series, written as compact
 * JSON (three significant digits, no repeated keys, null for "not measured"). Pure.
 *
 * <p>Three digits are finer than a chart's pixels (a 300 px high chart shows 1 part in 300), and
 * they keep an hour at 5 s under the page's 50 KB budget (see BENCHMARKS.md, "Console chart data").
 */
public final class Columns {
    private static final MathContext DIGITS = new MathContext(3);
    private static final BigDecimal PLAIN_LIMIT = BigDecimal.valueOf(1_000_000);

    private final long t0;
    private final Map<String, String> meta = new LinkedHashMap<>();
    private final List<Long> offsets = new ArrayList<>();
    private final Map<String, List<Double>> series = new LinkedHashMap<>();

    /**
     * @param t0 epoch second the time offsets count from
     * @param names the series, in the order they are written
     */
    public Columns(long t0, List<String> names) {
        this.t0 = t0;
        for (String n : names) {
            series.put(n, new ArrayList<>());
        }
    }

    /** A number written as-is next to the columns (e.g. the step of a rollup chart). */
    public Columns meta(String key, long value) {
        meta.put(key, Long.toString(value));
        return this;
    }

    /** Adds one point: its epoch second and one value (or null) per series, in order. */
    public void add(long epochSecond, Double... values) {
        if (values.length != series.size()) {
            throw new IllegalArgumentException(
                    "expected " + series.size() + " values, got " + values.length);
        }
        offsets.add(epochSecond - t0);
        int i = 0;
        for (List<Double> column : series.values()) {
            column.add(values[i++]);
        }
    }

    /** Points held. */
    public int size() {
        return offsets.size();
    }

    /** The JSON object {@code {"t0":..,"t":[..],"<series>":[..],..}}. */
    public String json() {
        StringBuilder out = new StringBuilder(64 + offsets.size() * 8 * (series.size() + 1));
        out.append("{\"t0\":").append(t0);
        meta.forEach((k, v) -> out.append(",\"").append(k).append("\":").append(v));
        out.append(",\"t\":[");
        for (int i = 0; i < offsets.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(offsets.get(i));
        }
        out.append(']');
        // Series names are the server's own constants: no escaping needed.
        series.forEach(
                (name, values) -> {
                    out.append(",\"").append(name).append("\":[");
                    for (int i = 0; i < values.size(); i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        out.append(number(values.get(i)));
                    }
                    out.append(']');
                });
        return out.append('}').toString();
    }

    /** {@code v} to three significant digits, as short as JSON allows; null, NaN and ∞ as null. */
    static String number(Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) {
            return "null";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal r = new BigDecimal(v).round(DIGITS).stripTrailingZeros();
        return r.abs().compareTo(PLAIN_LIMIT) < 0 ? r.toPlainString() : r.toString();
    }
}
