package dev.vpsguard.server.availability.flow;

import java.util.Map;

/** The availability flow from the real agent, on H2 (the default database). */
class H2AgentAvailabilityFlowTest extends AgentAvailabilityFlowContract {
    @Override
    Map<String, Object> database() {
        return Map.of();
    }
}
