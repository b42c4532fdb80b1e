package dev.vpsguard.server.availability;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Downtime over a period. Comparisons with a target are exact (integer milliseconds), never through
 * a rounded percentage, so 99.8999 % is below 99.9 % however it is shown.
 */
public record Availability(Duration period, Duration downtime) {
    public Availability {
        if (period.isNegative()
                || period.isZero()
                || downtime.isNegative()
                || downtime.compareTo(period) > 0) {
            throw new IllegalArgumentException(
                    "downtime " + downtime + " must lie within period " + period);
        }
    }

    /** The percentage available, rounded down to 4 decimals (so a rounding never hides a miss). */
    public BigDecimal percent() {
        return BigDecimal.valueOf(period.minus(downtime).toMillis())
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(period.toMillis()), 4, RoundingMode.DOWN);
    }

    /** Whether availability is strictly below {@code targetPercent}: up*100 < target*period. */
    public boolean below(BigDecimal targetPercent) {
        BigDecimal up =
                BigDecimal.valueOf(period.minus(downtime).toMillis())
                        .multiply(BigDecimal.valueOf(100));
        return up.compareTo(targetPercent.multiply(BigDecimal.valueOf(period.toMillis()))) < 0;
    }

    /** The downtime the target allows over this period, rounded down to the second. */
    public Duration allowed(BigDecimal targetPercent) {
        BigDecimal ms =
                BigDecimal.valueOf(period.toMillis())
                        .multiply(BigDecimal.valueOf(100).subtract(targetPercent))
                        .divide(BigDecimal.valueOf(100), 0, RoundingMode.DOWN);
        return Duration.ofSeconds(ms.longValueExact() / 1000);
    }
}
