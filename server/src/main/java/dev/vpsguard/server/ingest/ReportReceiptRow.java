package dev.vpsguard.server.ingest;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A report the server stored: what identifies it, to tell a resent report from a new one.
 *
 * @param id row id
 * @param hostId the host
 * @param agentInstance the report's {@code agentInstance}, or {@code ""} for agents without one
 * @param seq its seq
 * @param digest SHA-256 (hex) of its JSON body
 * @param receivedAt when the server stored it
 */
@MappedEntity("report_receipts")
public record ReportReceiptRow(
        @Id String id,
        String hostId,
        String agentInstance,
        long seq,
        String digest,
        Instant receivedAt) {}
