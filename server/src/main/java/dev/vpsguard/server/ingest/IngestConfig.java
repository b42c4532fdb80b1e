package dev.vpsguard.server.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code vpsguard.ingest.*}.
 *
 * @param maxCompressedBytes largest report body on the wire, bytes (also Micronaut's {@code
 *     micronaut.server.max-request-size}); default 1 MiB
 * @param maxDecompressedBytes largest report once gunzipped, bytes (zip bombs); default 8 MiB
 * @param maxClockSkew how far in the future a report's {@code sentAt} may be; default 5 min
 * @param receiptRetention how long the identity of each stored report is kept to recognise it when
 *     resent (each agent instance's last report is kept regardless); default 24 h
 */
// @Context: built (and validated) at startup, so a bad value stops the server at once.
@Context
@ConfigurationProperties("vpsguard.ingest")
public record IngestConfig(
        @Min(value = 1024, message = "vpsguard.ingest.max-compressed-bytes must be >= 1024")
                @Max(value = MAX, message = "vpsguard.ingest.max-compressed-bytes must be <= 1 GiB")
                long maxCompressedBytes,
        @Min(value = 1024, message = "vpsguard.ingest.max-decompressed-bytes must be >= 1024")
                @Max(
                        value = MAX,
                        message = "vpsguard.ingest.max-decompressed-bytes must be <= 1 GiB")
                long maxDecompressedBytes,
        @NotNull(message = "vpsguard.ingest.max-clock-skew is required") Duration maxClockSkew,
        @NotNull(message = "vpsguard.ingest.receipt-retention is required")
                Duration receiptRetention) {
    static final long MAX = 1L << 30;
}
