package dev.vpsguard.server.availability.store;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;

/** One line of {@code availability_ledger}: a closed month or a correction of it. */
@Introspected
@MappedEntity("availability_ledger")
public record LedgerRecordRow(
        @Id String id,
        String tenantId,
        String ledgerMonth,
        int seq,
        String kind,
        String contract,
        String timeZone,
        long periodSeconds,
        long downtimeSeconds,
        BigDecimal availabilityPercent,
        long yearPeriodSeconds,
        long yearDowntimeSeconds,
        long longestOutageSeconds,
        int longOutages,
        int longOutagesYear,
        boolean missed,
        boolean penaltyDue,
        int creditPercent,
        BigDecimal monthlyFee,
        BigDecimal credit,
        @Nullable Instant claimDeadline,
        boolean terminationRight,
        String reason,
        Instant recordedAt) {}
