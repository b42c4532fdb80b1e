package dev.vpsguard.server.host;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code vpsguard.enrollment.*}.
 *
 * @param tokenTtl how long a new host's one-time enrolment token works (default 24h)
 */
// @Context: built (and validated) at startup, so a bad value stops the server at once.
@Context
@ConfigurationProperties("vpsguard.enrollment")
public record EnrollmentConfig(@NotNull Duration tokenTtl) {
    public EnrollmentConfig {
        if (tokenTtl != null && (tokenTtl.isNegative() || tokenTtl.isZero())) {
            throw new IllegalArgumentException(
                    "vpsguard.enrollment.token-ttl must be positive, was " + tokenTtl);
        }
    }
}
