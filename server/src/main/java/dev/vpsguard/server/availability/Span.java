package dev.vpsguard.server.availability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A half-open time interval {@code [start, end)}. The static helpers work on sorted lists of
 * disjoint spans, which is how downtime is added up without double counting.
 */
public record Span(Instant start, Instant end) {
    public Span {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("span ends " + end + " before it starts " + start);
        }
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    public boolean isEmpty() {
        return start.equals(end);
    }

    /** The part of this span inside {@code other}, possibly empty. */
    public Span clip(Span other) {
        Instant s = start.isAfter(other.start) ? start : other.start;
        Instant e = end.isBefore(other.end) ? end : other.end;
        return e.isAfter(s) ? new Span(s, e) : new Span(s, s);
    }

    /** Sorted, disjoint, non-empty spans covering the same instants; touching spans are merged. */
    public static List<Span> union(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.removeIf(Span::isEmpty);
        sorted.sort(Comparator.comparing(Span::start));
        List<Span> out = new ArrayList<>();
        for (Span s : sorted) {
            if (!out.isEmpty() && !s.start.isAfter(out.get(out.size() - 1).end)) {
                Span last = out.remove(out.size() - 1);
                out.add(new Span(last.start, s.end.isAfter(last.end) ? s.end : last.end));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** The instants in both unions. */
    public static List<Span> intersect(List<Span> a, List<Span> b) {
        List<Span> x = union(a);
        List<Span> y = union(b);
        List<Span> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < x.size() && j < y.size()) {
            Span c = x.get(i).clip(y.get(j));
            if (!c.isEmpty()) {
                out.add(c);
            }
            if (x.get(i).end.isBefore(y.get(j).end)) {
                i++;
            } else {
                j++;
            }
        }
        return out;
    }

    /** The instants of {@code spans} inside {@code window}. */
    public static List<Span> clipAll(List<Span> spans, Span window) {
        return intersect(spans, List.of(window));
    }

    public static Duration total(List<Span> spans) {
        Duration d = Duration.ZERO;
        for (Span s : union(spans)) {
            d = d.plus(s.duration());
        }
        return d;
    }
}
