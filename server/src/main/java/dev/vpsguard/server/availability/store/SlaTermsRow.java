package dev.vpsguard.server.availability.store;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A tenant's terms for the ledger.
 *
 * @param monthlyFee the monthly fee excluding tax, the base of a service credit (unixo 10.2)
 * @param timeZone the IANA zone the tenant's months follow
 * @param firstMonth the first month in the ledger, {@code yyyy-MM}
 */
@Introspected
@MappedEntity("tenant_sla_terms")
public record SlaTermsRow(
        @Id String tenantId,
        BigDecimal monthlyFee,
        String currency,
        String timeZone,
        String firstMonth,
        Instant updatedAt) {}
