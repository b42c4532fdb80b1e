package dev.vpsguard.protocol;

/**
 * A guest's measured use over one cycle. Every figure is nullable: null means "not measured" (for
 * example, a missing cgroup file, or the first cycle for a rate).
 *
 * @param cpuCores CPU used, in cores (1.0 = one core fully busy over the cycle)
 * @param memoryUsedBytes memory in use (cgroup {@code memory.current} − file cache), bytes
 * @param memoryLimitBytes cgroup memory limit, bytes (null when unlimited)
 * @param diskReadBytesPerSec bytes/s read
 * @param diskWriteBytesPerSec bytes/s written
 * @param diskReadOpsPerSec read operations/s
 * @param diskWriteOpsPerSec write operations/s
 * @param netTxBytesPerSec bytes/s sent by the guest (the tap's receive side)
 * @param netRxBytesPerSec bytes/s received by the guest (the tap's transmit side)
 * @param netTxPacketsPerSec packets/s sent by the guest
 * @param netRxPacketsPerSec packets/s received by the guest
 */
public record GuestUsage(
        Double cpuCores,
        Long memoryUsedBytes,
        Long memoryLimitBytes,
        Double diskReadBytesPerSec,
        Double diskWriteBytesPerSec,
        Double diskReadOpsPerSec,
        Double diskWriteOpsPerSec,
        Double netTxBytesPerSec,
        Double netRxBytesPerSec,
        Double netTxPacketsPerSec,
        Double netRxPacketsPerSec) {
    public GuestUsage {
        Check.rate(cpuCores, "cpuCores");
        Check.atLeast(memoryUsedBytes, 0, "memoryUsedBytes");
        Check.atLeast(memoryLimitBytes, 0, "memoryLimitBytes");
        Check.rate(diskReadBytesPerSec, "diskReadBytesPerSec");
        Check.rate(diskWriteBytesPerSec, "diskWriteBytesPerSec");
        Check.rate(diskReadOpsPerSec, "diskReadOpsPerSec");
        Check.rate(diskWriteOpsPerSec, "diskWriteOpsPerSec");
        Check.rate(netTxBytesPerSec, "netTxBytesPerSec");
        Check.rate(netRxBytesPerSec, "netRxBytesPerSec");
        Check.rate(netTxPacketsPerSec, "netTxPacketsPerSec");
        Check.rate(netRxPacketsPerSec, "netRxPacketsPerSec");
    }
}
