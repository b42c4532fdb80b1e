package dev.vpsguard.server.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * One rung of the SMTP strike ladder (contract clause S8).
 *
 * @param minDuration the block lasts at least this long
 * @param unblock how unblock requests are handled on this rung
 * @param clause the contract clause this rung implements
 */
public record Rung(Duration minDuration, UnblockMode unblock, String clause) {
    public Rung {
        Objects.requireNonNull(minDuration, "minDuration");
        Objects.requireNonNull(unblock, "unblock");
        Objects.requireNonNull(clause, "clause");
    }
}
