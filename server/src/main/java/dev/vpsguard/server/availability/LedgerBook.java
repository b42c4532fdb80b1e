package dev.vpsguard.server.availability;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One tenant's closed months, append-only. A closed month is never rewritten: a correction is a new
 * record naming its reason, and the month's effective figure is its latest record.
 */
public final class LedgerBook {
    private final List<Record> records = new ArrayList<>();

    public enum Kind {
        CLOSE,
        CORRECTION
    }

    /** One line of the book, as it was written. */
    public record Record(int seq, Kind kind, LedgerEntry entry, String reason, Instant recordedAt) {
        public Record {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(recordedAt, "recordedAt");
        }

        public YearMonth month() {
            return entry.month();
        }
    }

    public LedgerBook(List<Record> existing) {
        records.addAll(existing);
    }

    public LedgerBook() {}

    /** Closes a month. Closing a month twice is refused: it would be a silent rewrite. */
    public Record close(LedgerEntry entry, Instant at) {
        if (isClosed(entry.month())) {
            throw new IllegalStateException(
                    "month " + entry.month() + " is closed; record a correction instead");
        }
        return append(Kind.CLOSE, entry, "", at);
    }

    /** Records a correction of a closed month; the reason is required and kept. */
    public Record correct(LedgerEntry entry, String reason, Instant at) {
        if (!isClosed(entry.month())) {
            throw new IllegalStateException("month " + entry.month() + " is not closed yet");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a correction needs a reason");
        }
        return append(Kind.CORRECTION, entry, reason.strip(), at);
    }

    public boolean isClosed(YearMonth month) {
        return records.stream().anyMatch(r -> r.month().equals(month));
    }

    /** The month's figure as it stands: its latest record. */
    public Optional<LedgerEntry> effective(YearMonth month) {
        LedgerEntry found = null;
        for (Record r : records) {
            if (r.month().equals(month)) {
                found = r.entry();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The missed flags of the {@code count} months before {@code month}, oldest first; an unclosed
     * month counts as not missed.
     */
    public List<Boolean> missedBefore(YearMonth month, int count) {
        List<Boolean> out = new ArrayList<>();
        for (int i = count; i >= 1; i--) {
            out.add(effective(month.minusMonths(i)).map(LedgerEntry::missed).orElse(false));
        }
        return out;
    }

    public List<Record> records() {
        return List.copyOf(records);
    }

    private Record append(Kind kind, LedgerEntry entry, String reason, Instant at) {
        Record r = new Record(records.size() + 1, kind, entry, reason, at);
        records.add(r);
        return r;
    }
}
