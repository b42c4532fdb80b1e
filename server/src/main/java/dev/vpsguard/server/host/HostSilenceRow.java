package dev.vpsguard.server.host;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A host that stopped reporting, while it is silent.
 *
 * @param hostId the host
 * @param since when the server noticed the silence (server clock)
 * @param lastReportAt the host's last report before the silence
 */
@MappedEntity("host_silences")
public record HostSilenceRow(@Id String hostId, Instant since, Instant lastReportAt) {}
