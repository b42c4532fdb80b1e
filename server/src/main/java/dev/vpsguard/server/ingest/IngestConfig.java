package dev.vpsguard.server.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
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
 */
@ConfigurationProperties("vpsguard.ingest")
public record IngestConfig(
        @Min(1024) @Max(1_073_741_824) long maxCompressedBytes,
        @Min(1024) @Max(1_073_741_824) long maxDecompressedBytes,
        @NotNull Duration maxClockSkew) {}
