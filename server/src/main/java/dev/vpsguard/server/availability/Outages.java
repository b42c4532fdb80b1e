package dev.vpsguard.server.availability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** Turns a guest's state episodes and the declared maintenance windows into outages. */
public final class Outages {
    private Outages() {}

    /**
     * Every non-UP episode becomes outages; the parts of provider-side downtime inside a
     * maintenance window get cause {@link OutageCause#MAINTENANCE} (whether it counts is the
     * contract's business). A customer's own stop stays a customer stop even in a window.
     */
    public static List<Outage> of(
            String guestId, List<StateEpisode> episodes, List<MaintenanceWindow> windows) {
        List<Outage> out = new ArrayList<>();
        for (StateEpisode e : episodes) {
            if (e.condition() == GuestCondition.UP || e.span().isEmpty()) {
                continue;
            }
            OutageCause cause = OutageCause.of(e.condition());
            if (cause == OutageCause.CUSTOMER_STOP) {
                out.add(new Outage(guestId, e.span(), cause, e.evidence()));
                continue;
            }
            for (Span piece : cut(e.span(), windows)) {
                MaintenanceWindow w = covering(piece, windows);
                out.add(
                        w == null
                                ? new Outage(guestId, piece, cause, e.evidence())
                                : new Outage(
                                        guestId,
                                        piece,
                                        OutageCause.MAINTENANCE,
                                        "maintenance: " + w.reason() + "; " + e.evidence()));
            }
        }
        out.sort(Comparator.comparing((Outage o) -> o.span().start()));
        return out;
    }

    /** {@code span} cut at every window edge inside it. */
    private static List<Span> cut(Span span, List<MaintenanceWindow> windows) {
        TreeSet<Instant> edges = new TreeSet<>(List.of(span.start(), span.end()));
        for (MaintenanceWindow w : windows) {
            for (Instant t : List.of(w.span().start(), w.span().end())) {
                if (t.isAfter(span.start()) && t.isBefore(span.end())) {
                    edges.add(t);
                }
            }
        }
        List<Span> pieces = new ArrayList<>();
        Instant prev = null;
        for (Instant t : edges) {
            if (prev != null) {
                pieces.add(new Span(prev, t));
            }
            prev = t;
        }
        return pieces;
    }

    private static MaintenanceWindow covering(Span piece, List<MaintenanceWindow> windows) {
        for (MaintenanceWindow w : windows) {
            if (!piece.start().isBefore(w.span().start()) && !piece.end().isAfter(w.span().end())) {
                return w;
            }
        }
        return null;
    }
}
