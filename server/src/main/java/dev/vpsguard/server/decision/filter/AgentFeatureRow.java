package dev.vpsguard.server.decision.filter;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * What one host's agent has shown it understands.
 *
 * @param hostId the host
 * @param trafficFilterSince when its reports first carried outbound flow counts (server clock)
 */
@MappedEntity("agent_features")
public record AgentFeatureRow(@Id String hostId, Instant trafficFilterSince) {}
