package dev.vpsguard.server.availability;

import dev.vpsguard.server.availability.SlaPolicy.Basis;
import dev.vpsguard.server.availability.SlaPolicy.CreditTier;
import dev.vpsguard.server.availability.SlaPolicy.Scope;
import dev.vpsguard.server.availability.SlaPolicy.TerminationRule;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The availability promises of the shipped contracts (docs/contracts.md A1-A3). A contract that
 * promises no availability has no ledger.
 */
public final class SlaPolicies {
    private static final Set<OutageCause> PROVIDER_SIDE =
            Set.of(
                    OutageCause.PROVIDER_STOP,
                    OutageCause.HOST_SILENT,
                    OutageCause.HOST_DOWN,
                    OutageCause.UNREACHABLE);

    private static final Map<String, SlaPolicy> BUILT_IN =
            Map.of(
                    // mtds Art. 8: 99.99 % a year "maintenance comprise", at most 1 h per outage,
                    // penalties once 4 such outages happen in a year; no credit figure.
                    "mtds-cloud",
                    new SlaPolicy(
                            "mtds-cloud",
                            "MTDS Serveur Cloud, Article 8",
                            Basis.YEAR,
                            new BigDecimal("99.99"),
                            union(PROVIDER_SIDE, OutageCause.MAINTENANCE),
                            Scope.EACH_GUEST,
                            Duration.ofHours(1),
                            4,
                            List.of(),
                            0,
                            null),
                    // unixo 10.1-10.2: 99.9 % a month per tenant, maintenance excluded, down only
                    // when all instances are; 10 % / 25 % credit, claim within 30 days.
                    "unixo-cloud",
                    new SlaPolicy(
                            "unixo-cloud",
                            "UNIXO Cloud CSV, 10.1 et 10.2",
                            Basis.MONTH,
                            new BigDecimal("99.9"),
                            PROVIDER_SIDE,
                            Scope.ALL_GUESTS,
                            null,
                            0,
                            List.of(
                                    new CreditTier(new BigDecimal("99.0"), 25),
                                    new CreditTier(new BigDecimal("99.9"), 10)),
                            30,
                            null),
                    // micro-info Art. 5 names a guarantee but no figure: 99.9 % a month is this
                    // software's default (docs/decisions.md); termination after 3 misses in 6
                    // months.
                    "micro-info",
                    new SlaPolicy(
                            "micro-info",
                            "MICRO INFO SERVICE - CGV, Article 5",
                            Basis.MONTH,
                            new BigDecimal("99.9"),
                            PROVIDER_SIDE,
                            Scope.EACH_GUEST,
                            null,
                            0,
                            List.of(),
                            0,
                            new TerminationRule(3, 6)));

    private SlaPolicies() {}

    public static Optional<SlaPolicy> forContract(String contract) {
        return Optional.ofNullable(BUILT_IN.get(contract));
    }

    public static Map<String, SlaPolicy> all() {
        return BUILT_IN;
    }

    private static Set<OutageCause> union(Set<OutageCause> a, OutageCause b) {
        java.util.EnumSet<OutageCause> s = java.util.EnumSet.copyOf(a);
        s.add(b);
        return s;
    }
}
