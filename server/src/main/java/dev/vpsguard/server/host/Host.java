package dev.vpsguard.server.host;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A hypervisor host, as stored. Secrets are stored only as {@link
 * dev.vpsguard.server.auth.SecretToken#hash hashes}.
 *
 * @param id the host id agents put in their reports
 * @param name the operator's name for it
 * @param credentialHash hash of the host credential; null until the host enrolled
 * @param enrollmentTokenHash hash of the one-time enrolment token; null once used
 * @param enrollmentExpiresAt when the enrolment token stops working; null once used
 * @param lastSeq the seq of the last report stored (0 before the first report)
 * @param lastReportAt when the server stored the last report (server clock; nullable)
 * @param createdAt when the host was created
 */
@MappedEntity("hosts")
public record Host(
        @Id String id,
        String name,
        @Nullable String credentialHash,
        @Nullable String enrollmentTokenHash,
        @Nullable Instant enrollmentExpiresAt,
        long lastSeq,
        @Nullable Instant lastReportAt,
        Instant createdAt) {}
