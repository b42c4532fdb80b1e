package dev.vpsguard.server.notify;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The events of the availability and backup promises (docs/contracts.md, A1-A4): support told when
 * a guest's month falls below its contract's target, an outage passes the contract's maximum or a
 * guest's backups break the promise, and the customer's monthly statement.
 */
public sealed interface AvailabilityNotification extends Notification {
    /** The host of a statement, which is about a tenant's month, not one host. */
    Host LEDGER = new Host("ledger", "availability ledger");

    /** Support only: a guest's month so far is below its contract's target. */
    record BelowTarget(About about, Map<String, Number> evidence, String clause, String reason)
            implements AvailabilityNotification {
        public BelowTarget {
            about = about.aboutGuest();
            evidence = Sorted.of(evidence);
        }
    }

    /** Support only: an outage lasts longer than the contract's maximum. */
    record OutageTooLong(About about, Map<String, Number> evidence, String clause, String reason)
            implements AvailabilityNotification {
        public OutageTooLong {
            about = about.aboutGuest();
            evidence = Sorted.of(evidence);
        }
    }

    /** Support only: a guest's backups break its contract's promise (A4). */
    record BackupFindingRaised(
            About about, Map<String, Number> evidence, String clause, String reason)
            implements AvailabilityNotification {
        public BackupFindingRaised {
            about = about.aboutGuest();
            evidence = Sorted.of(evidence);
        }
    }

    /** The customer's statement of a closed month, with the credit owed if any. */
    record MonthlyStatement(About about, Statement statement) implements AvailabilityNotification {
        public MonthlyStatement {
            Objects.requireNonNull(statement, "statement");
        }

        @Override
        public String clause() {
            return statement.clause();
        }

        @Override
        public Map<String, Number> evidence() {
            return Sorted.of(
                    Map.of(
                            "availabilityPercent", statement.availabilityPercent(),
                            "targetPercent", statement.targetPercent(),
                            "downtimeSeconds", statement.downtimeSeconds(),
                            "creditPercent", statement.creditPercent(),
                            "credit", statement.credit()));
        }

        /** One statement per tenant and month: ordered with the tenant's other statements. */
        @Override
        public String guestKey() {
            return "ledger/" + tenant().id();
        }
    }

    /**
     * A closed month as the customer reads it.
     *
     * @param month {@code yyyy-MM}
     * @param claimDeadline the end of the claim window, or null when the contract sets none
     * @param days the availability of each day of the month, for the chart
     */
    record Statement(
            String month,
            String contract,
            String clause,
            BigDecimal availabilityPercent,
            BigDecimal targetPercent,
            long downtimeSeconds,
            long periodSeconds,
            int creditPercent,
            BigDecimal credit,
            String currency,
            Instant claimDeadline,
            List<Day> days) {
        public Statement {
            days = List.copyOf(days);
        }
    }

    /** One day of the chart: its number in the month and its availability in percent. */
    record Day(int day, BigDecimal percent) {}
}
