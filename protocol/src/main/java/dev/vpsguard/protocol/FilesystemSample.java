package dev.vpsguard.protocol;

/**
 * One mounted filesystem on the host.
 *
 * @param mount mount point, e.g. {@code /var/lib/vz}
 * @param type filesystem type, e.g. {@code ext4} (nullable)
 * @param totalBytes size, bytes
 * @param usedBytes used, bytes
 */
public record FilesystemSample(String mount, String type, long totalBytes, long usedBytes) {}
