package dev.vpsguard.server.availability.flow;

import java.util.Map;

/** The availability flow on H2 (the default database). */
class H2AvailabilityFlowTest extends AvailabilityFlowContract {
    @Override
    Map<String, Object> database() {
        return Map.of();
    }
}
