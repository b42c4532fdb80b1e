package dev.vpsguard.server.host;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * A host as the API shows it: no secrets.
 *
 * @param id host id
 * @param name operator's name
 * @param enrolled whether the agent has exchanged its enrolment token
 * @param enrollmentExpiresAt when the pending enrolment token expires (null once enrolled)
 * @param lastSeq the seq of the last report stored
 * @param lastReportAt when the last report was stored (nullable)
 * @param createdAt when the host was created
 * @param silentSince when the server noticed that the host stopped reporting (null while it
 *     reports; see {@code vpsguard.hosts.silent-after})
 */
@Introspected
public record HostView(
        String id,
        String name,
        boolean enrolled,
        @Nullable Instant enrollmentExpiresAt,
        long lastSeq,
        @Nullable Instant lastReportAt,
        Instant createdAt,
        @Nullable Instant silentSince) {
    static HostView of(Host host, @Nullable Instant silentSince) {
        return new HostView(
                host.id(),
                host.name(),
                host.credentialHash() != null,
                host.enrollmentExpiresAt(),
                host.lastSeq(),
                host.lastReportAt(),
                host.createdAt(),
                silentSince);
    }
}
