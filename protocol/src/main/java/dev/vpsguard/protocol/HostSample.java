package dev.vpsguard.protocol;

import java.util.List;

/**
 * The host's own figures in one cycle. Every figure is nullable: null means "not measured".
 *
 * @param cpuPercent busy share of all host CPUs over the cycle, 0–100
 * @param cpuCount logical CPUs
 * @param load1 1-minute load average
 * @param load5 5-minute load average
 * @param load15 15-minute load average
 * @param memoryTotalBytes physical memory, bytes
 * @param memoryUsedBytes physical memory in use (total − available), bytes
 * @param swapTotalBytes swap, bytes
 * @param swapUsedBytes swap in use, bytes
 * @param filesystems one entry per mounted local filesystem
 * @param nics one entry per host network interface
 */
public record HostSample(
        Double cpuPercent,
        Integer cpuCount,
        Double load1,
        Double load5,
        Double load15,
        Long memoryTotalBytes,
        Long memoryUsedBytes,
        Long swapTotalBytes,
        Long swapUsedBytes,
        List<FilesystemSample> filesystems,
        List<NicSample> nics) {
    /**
     * Most filesystems one sample may carry. High on purpose: on ZFS every container's root is its
     * own host mount ({@code /rpool/data/subvol-101-disk-0}), so a host with 5000 guests has
     * thousands of local filesystems.
     */
    public static final int MAX_FILESYSTEMS = 16_384;

    /**
     * Most host interfaces one sample may carry. Per-guest taps, veths and firewall plumbing are
     * reported per guest, not here, so this bounds bridges, bonds, VLANs and physical ports.
     */
    public static final int MAX_NICS = 4096;

    public HostSample {
        Check.between(cpuPercent, 0, 100, "cpuPercent");
        Check.between(cpuCount, 1, 65_536, "cpuCount");
        Check.rate(load1, "load1");
        Check.rate(load5, "load5");
        Check.rate(load15, "load15");
        Check.atLeast(memoryTotalBytes, 0, "memoryTotalBytes");
        Check.atLeast(memoryUsedBytes, 0, "memoryUsedBytes");
        Check.atLeast(swapTotalBytes, 0, "swapTotalBytes");
        Check.atLeast(swapUsedBytes, 0, "swapUsedBytes");
        if (memoryTotalBytes != null
                && memoryUsedBytes != null
                && memoryUsedBytes > memoryTotalBytes) {
            throw new FieldViolation("memoryUsedBytes", "must not exceed memoryTotalBytes");
        }
        filesystems = Check.optionalList(filesystems, MAX_FILESYSTEMS, "filesystems");
        nics = Check.optionalList(nics, MAX_NICS, "nics");
    }
}
