package dev.vpsguard.server.availability.store;

import dev.vpsguard.server.availability.Availability;
import dev.vpsguard.server.availability.LedgerBook;
import dev.vpsguard.server.availability.LedgerEntry;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Keeps each tenant's {@link LedgerBook} in {@code availability_ledger}. The book's rules decide (a
 * closed month is corrected, never closed again); the table's unique key backs them up. Outages are
 * not stored with the figures yet: a record holds the month's numbers only.
 */
@Singleton
public class LedgerStore {
    private final LedgerRecordRepository records;

    public LedgerStore(LedgerRecordRepository records) {
        this.records = records;
    }

    /** The tenant's book as stored. */
    @Transactional(readOnly = true)
    public LedgerBook book(String tenantId) {
        List<LedgerBook.Record> out = new ArrayList<>();
        for (LedgerRecordRow row : records.ofTenant(tenantId)) {
            out.add(
                    new LedgerBook.Record(
                            out.size() + 1,
                            LedgerBook.Kind.valueOf(row.kind()),
                            entry(row),
                            row.reason(),
                            row.recordedAt()));
        }
        return new LedgerBook(out);
    }

    @Transactional
    public LedgerBook.Record close(String tenantId, LedgerEntry entry, Instant at) {
        LedgerBook book = book(tenantId);
        return insert(tenantId, book, book.close(entry, at));
    }

    @Transactional
    public LedgerBook.Record correct(
            String tenantId, LedgerEntry entry, String reason, Instant at) {
        LedgerBook book = book(tenantId);
        return insert(tenantId, book, book.correct(entry, reason, at));
    }

    private LedgerBook.Record insert(String tenantId, LedgerBook book, LedgerBook.Record r) {
        int seq = (int) book.records().stream().filter(x -> x.month().equals(r.month())).count();
        LedgerEntry e = r.entry();
        records.save(
                new LedgerRecordRow(
                        UUID.randomUUID().toString(),
                        tenantId,
                        e.month().toString(),
                        seq,
                        r.kind().name(),
                        e.contract(),
                        e.zone(),
                        e.availability().period().toSeconds(),
                        e.availability().downtime().toSeconds(),
                        e.availability().percent(),
                        e.yearToDate().period().toSeconds(),
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
                        e.terminationRight(),
                        r.reason(),
                        r.recordedAt()));
        return r;
    }

    private static LedgerEntry entry(LedgerRecordRow row) {
        return new LedgerEntry(
                row.contract(),
                YearMonth.parse(row.ledgerMonth()),
                row.timeZone(),
                new Availability(
                        Duration.ofSeconds(row.periodSeconds()),
                        Duration.ofSeconds(row.downtimeSeconds())),
                new Availability(
                        Duration.ofSeconds(row.yearPeriodSeconds()),
                        Duration.ofSeconds(row.yearDowntimeSeconds())),
                Duration.ofSeconds(row.longestOutageSeconds()),
                row.longOutages(),
                row.longOutagesYear(),
                row.missed(),
                row.penaltyDue(),
                row.creditPercent(),
                row.monthlyFee(),
                row.credit(),
                row.claimDeadline(),
                row.terminationRight(),
                List.of());
    }
}
