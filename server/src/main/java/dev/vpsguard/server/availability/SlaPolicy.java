package dev.vpsguard.server.availability;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One contract's availability promise as data (docs/contracts.md, A1-A3). Nothing here is code per
 * contract: the ledger applies whatever the policy says.
 *
 * @param contract the contract id (as in the policy files)
 * @param clause the article the promise comes from, quoted in the ledger
 * @param basis whether the target holds per calendar month or per calendar year
 * @param targetPercent the promised availability, e.g. 99.9
 * @param counted the causes that count against the provider
 * @param scope how a tenant's guests make one figure
 * @param maxOutage the longest a single outage may last, or null
 * @param longOutagesBeforePenalty how many outages over {@code maxOutage} in a year give rise to
 *     penalties, or 0 when the contract names none
 * @param credits service credit tiers (empty when the contract promises no credit)
 * @param claimDays days after the month during which a credit may be claimed, or 0 for no limit
 * @param termination the right to terminate after repeated misses, or null
 */
public record SlaPolicy(
        String contract,
        String clause,
        Basis basis,
        BigDecimal targetPercent,
        Set<OutageCause> counted,
        Scope scope,
        Duration maxOutage,
        int longOutagesBeforePenalty,
        List<CreditTier> credits,
        int claimDays,
        TerminationRule termination) {
    public SlaPolicy {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(scope, "scope");
        if (targetPercent == null
                || targetPercent.signum() <= 0
                || targetPercent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException(
                    contract + ": targetPercent must be in (0, 100], was " + targetPercent);
        }
        counted = Set.copyOf(counted);
        credits = credits.stream().sorted(Comparator.comparing(CreditTier::belowPercent)).toList();
        if (claimDays < 0 || longOutagesBeforePenalty < 0) {
            throw new IllegalArgumentException(contract + ": negative claimDays or penalty count");
        }
    }

    public enum Basis {
        MONTH,
        YEAR
    }

    public enum Scope {
        /** The tenant is down only while all its guests are down (unixo 10.1: "l'ensemble"). */
        ALL_GUESTS,
        /** Each guest is held to the promise; the tenant's figure is its worst guest's. */
        EACH_GUEST
    }

    /** Availability strictly below {@code belowPercent} earns {@code creditPercent} of the fee. */
    public record CreditTier(BigDecimal belowPercent, int creditPercent) {
        public CreditTier {
            Objects.requireNonNull(belowPercent, "belowPercent");
            if (creditPercent <= 0 || creditPercent > 100) {
                throw new IllegalArgumentException(
                        "creditPercent must be 1..100: " + creditPercent);
            }
        }
    }

    /** The customer may terminate when {@code missed} of {@code window} consecutive months miss. */
    public record TerminationRule(int missed, int window) {
        public TerminationRule {
            if (missed < 1 || window < missed) {
                throw new IllegalArgumentException(
                        "need 1 <= missed <= window: " + missed + "/" + window);
            }
        }
    }

    /**
     * The credit percent owed for an availability, 0 when none: the tier with the lowest bound
     * wins.
     */
    public int creditPercent(Availability a) {
        for (CreditTier t : credits) {
            if (a.below(t.belowPercent())) {
                return t.creditPercent();
            }
        }
        return 0;
    }
}
