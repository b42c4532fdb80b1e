package dev.vpsguard.server.availability;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * One tenant's month as its contract sees it.
 *
 * @param availability the month's figure (the worst guest's under {@link
 *     SlaPolicy.Scope#EACH_GUEST})
 * @param yearToDate the calendar year up to the month's end, measured against the whole year
 * @param longestOutage the longest counted outage touching the month, over its whole length
 * @param longOutages counted outages longer than the policy's maximum that started in the month
 * @param longOutagesInYear the same, from the start of the year to the month's end
 * @param missed whether the guarantee was missed (for a yearly promise: broken by the month's end)
 * @param penaltyDue whether the year's count of long outages reached the contract's penalty count
 * @param creditPercent the service credit tier reached, 0 for none
 * @param credit the credit owed in the fee's currency, scale 2
 * @param claimDeadline the end of the claim window, or null when the contract sets none
 * @param terminationRight whether the customer may terminate (enough misses in the window)
 * @param outages every outage touching the month, counted or not, for the timeline and evidence
 */
public record LedgerEntry(
        String contract,
        YearMonth month,
        String zone,
        Availability availability,
        Availability yearToDate,
        Duration longestOutage,
        int longOutages,
        int longOutagesInYear,
        boolean missed,
        boolean penaltyDue,
        int creditPercent,
        BigDecimal monthlyFee,
        BigDecimal credit,
        Instant claimDeadline,
        boolean terminationRight,
        List<CountedOutage> outages) {
    public LedgerEntry {
        outages = List.copyOf(outages);
    }

    /** Whether a claim for the credit can still be made at {@code now}. */
    public boolean claimOpen(Instant now) {
        return credit.signum() > 0 && (claimDeadline == null || now.isBefore(claimDeadline));
    }

    /** An outage and whether the contract counts it against the provider. */
    public record CountedOutage(Outage outage, boolean counted) {}
}
