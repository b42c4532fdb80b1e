package dev.vpsguard.server.ingest;

import dev.vpsguard.protocol.DesiredState;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** Placeholder: nothing to enforce anywhere (version 0, no actions). Any other bean replaces it. */
@Singleton
@Secondary
public class EmptyDesiredStateService implements DesiredStateService {
    private final Clock clock;

    public EmptyDesiredStateService(Clock clock) {
        this.clock = clock;
    }

    @Override
    public DesiredState current(String hostId) {
        return new DesiredState(0, clock.instant(), List.of());
    }
}
