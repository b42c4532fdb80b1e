package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One mounted filesystem on the host.
 *
 * @param mount mount point, e.g. {@code /var/lib/vz}
 * @param type filesystem type, e.g. {@code ext4} (nullable)
 * @param totalBytes size, bytes
 * @param usedBytes used, bytes
 */
public record FilesystemSample(
        String mount,
        String type,
        @JsonProperty(required = true) long totalBytes,
        @JsonProperty(required = true) long usedBytes) {
    public FilesystemSample {
        Check.requiredText(mount, 4096, "mount");
        Check.text(type, 64, "type");
        Check.atLeast(totalBytes, 0, "totalBytes");
        Check.atLeast(usedBytes, 0, "usedBytes");
        // Real invariant: used is total minus free, and free is never negative.
        if (usedBytes > totalBytes) {
            throw new FieldViolation("usedBytes", "must not exceed totalBytes");
        }
    }
}
