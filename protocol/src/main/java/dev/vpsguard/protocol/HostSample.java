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
        List<NicSample> nics) {}
