package dev.vpsguard.server.backup;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One contract's backup promise (docs/contracts.md, A4) as data.
 *
 * @param maxSinceSuccess how old the last successful backup may be before it is a finding: a day
 *     plus a grace for the nightly run's own length
 * @param restorePoints how many distinct days must hold a restore point within {@code windowDays}
 */
public record BackupPolicy(
        String contract,
        String clause,
        Duration maxSinceSuccess,
        int restorePoints,
        int windowDays) {
    public BackupPolicy {
        Objects.requireNonNull(contract, "contract");
        if (maxSinceSuccess.isNegative()
                || maxSinceSuccess.isZero()
                || restorePoints < 0
                || windowDays < 1
                || restorePoints > windowDays) {
            throw new IllegalArgumentException(
                    contract + ": need maxSinceSuccess > 0 and 0 <= restorePoints <= windowDays");
        }
    }

    private static final Duration DAILY = Duration.ofHours(30);

    private static final Map<String, BackupPolicy> BUILT_IN =
            Map.of(
                    // mtds Art. 6: "une fois par jour"; no retention figure, so one restore point.
                    "mtds-cloud",
                            new BackupPolicy(
                                    "mtds-cloud", "MTDS Serveur Cloud, Article 6", DAILY, 1, 7),
                    // unixo Annexe 2: VM backups managed by the provider, "7 jours glissants".
                    "unixo-cloud",
                            new BackupPolicy(
                                    "unixo-cloud", "UNIXO Cloud CSV, Annexe 2", DAILY, 7, 7));

    /** The contract's backup promise; a contract that promises none has no backup findings. */
    public static Optional<BackupPolicy> forContract(String contract) {
        return Optional.ofNullable(BUILT_IN.get(contract));
    }
}
