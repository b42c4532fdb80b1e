package dev.vpsguard.server.ingest;

import dev.vpsguard.protocol.DesiredState;

/**
 * The enforcement state the server wants on a host, returned with every report reply. The ladder
 * issue provides the real implementation; until then {@link EmptyDesiredStateService} answers.
 */
public interface DesiredStateService {
    /** The current desired state of {@code hostId}. */
    DesiredState current(String hostId);
}
