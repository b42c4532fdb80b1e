package dev.vpsguard.server.ingest;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One agent instance of a host and the last report stored from it.
 *
 * @param id row id
 * @param hostId the host
 * @param agentInstance the report's {@code agentInstance}, or {@code ""} for agents without one
 * @param firstSeenAt when the server stored this instance's first report
 * @param lastSeq the seq of the last report stored from it
 * @param lastDigest SHA-256 (hex) of that report's JSON body; {@code ""} when unknown
 * @param lastSentAt that report's {@code sentAt} (the agent's clock)
 * @param lastReportAt when the server stored it
 */
@MappedEntity("agent_instances")
public record AgentInstanceRow(
        @Id String id,
        String hostId,
        String agentInstance,
        Instant firstSeenAt,
        long lastSeq,
        String lastDigest,
        Instant lastSentAt,
        Instant lastReportAt) {}
