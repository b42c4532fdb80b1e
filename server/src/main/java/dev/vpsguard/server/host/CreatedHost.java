package dev.vpsguard.server.host;

import io.micronaut.core.annotation.Introspected;
import java.time.Instant;

/**
 * Answer to {@code POST /api/v1/hosts}. The enrolment token is shown this once.
 *
 * @param hostId the new host's id
 * @param enrollmentToken the one-time token for {@code vpsguard-agent enroll}
 * @param expiresAt when the token stops working
 */
@Introspected
public record CreatedHost(String hostId, String enrollmentToken, Instant expiresAt) {}
