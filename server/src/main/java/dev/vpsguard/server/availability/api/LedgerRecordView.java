package dev.vpsguard.server.availability.api;

import dev.vpsguard.server.availability.LedgerBook;
import dev.vpsguard.server.availability.LedgerEntry;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * One ledger record as the API and the CSV export show it.
 *
 * @param kind {@code CLOSE} for the month as closed, {@code CORRECTION} for a later correction
 * @param effective whether this is the month's figure as it stands (its latest record)
 * @param claimOpen whether a credit can still be claimed now
 */
@Introspected
public record LedgerRecordView(
        String month,
        String kind,
        boolean effective,
        String contract,
        String timeZone,
        BigDecimal availabilityPercent,
        long periodSeconds,
        long downtimeSeconds,
        long yearDowntimeSeconds,
        long longestOutageSeconds,
        int longOutages,
        int longOutagesInYear,
        boolean missed,
        boolean penaltyDue,
        int creditPercent,
        BigDecimal monthlyFee,
        BigDecimal credit,
        @Nullable Instant claimDeadline,
        boolean claimOpen,
        boolean terminationRight,
        String reason,
        Instant recordedAt) {
    /**
     * The book's records as views, oldest month first, each marked effective when it is its month's
     * latest; {@code only} keeps one month (null for all).
     */
    public static List<LedgerRecordView> list(LedgerBook book, YearMonth only, Instant now) {
        List<LedgerBook.Record> records = book.records();
        List<LedgerRecordView> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            LedgerBook.Record r = records.get(i);
            if (only != null && !r.month().equals(only)) {
                continue;
            }
            boolean effective =
                    i + 1 == records.size() || !records.get(i + 1).month().equals(r.month());
            out.add(of(r, effective, now));
        }
        return out;
    }

    static LedgerRecordView of(LedgerBook.Record r, boolean effective, Instant now) {
        LedgerEntry e = r.entry();
        return new LedgerRecordView(
                e.month().toString(),
                r.kind().name(),
                effective,
                e.contract(),
                e.zone(),
                e.availability().percent(),
                e.availability().period().toSeconds(),
                e.availability().downtime().toSeconds(),
                e.yearToDate().downtime().toSeconds(),
                e.longestOutage().toSeconds(),
                e.longOutages(),
                e.longOutagesInYear(),
                e.missed(),
                e.penaltyDue(),
                e.creditPercent(),
                e.monthlyFee(),
                e.credit(),
                e.claimDeadline(),
                e.claimOpen(now),
                e.terminationRight(),
                r.reason(),
                r.recordedAt());
    }
}
