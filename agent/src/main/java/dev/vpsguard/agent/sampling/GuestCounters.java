package dev.vpsguard.agent.sampling;

/**
 * A guest's raw counters read at one instant. Every counter is nullable: null means the file was
 * missing or unreadable. Network counters are from the guest's point of view (the tap's receive
 * side is the guest's transmit).
 *
 * @param wallMicros when they were read, microseconds since the epoch (from the injected clock)
 * @param cpuUsageUsec cgroup {@code cpu.stat usage_usec}, microseconds of CPU
 * @param memoryCurrentBytes cgroup {@code memory.current}, bytes
 * @param memoryFileBytes cgroup {@code memory.stat file}, bytes
 * @param memoryMaxBytes cgroup {@code memory.max}, bytes (null also when unlimited)
 * @param diskReadBytes {@code io.stat rbytes} summed, bytes
 * @param diskWriteBytes {@code io.stat wbytes} summed, bytes
 * @param diskReadOps {@code io.stat rios} summed
 * @param diskWriteOps {@code io.stat wios} summed
 * @param netTxBytes bytes sent by the guest, summed over its NICs
 * @param netRxBytes bytes received by the guest
 * @param netTxPackets packets sent by the guest
 * @param netRxPackets packets received by the guest
 */
public record GuestCounters(
        long wallMicros,
        Long cpuUsageUsec,
        Long memoryCurrentBytes,
        Long memoryFileBytes,
        Long memoryMaxBytes,
        Long diskReadBytes,
        Long diskWriteBytes,
        Long diskReadOps,
        Long diskWriteOps,
        Long netTxBytes,
        Long netRxBytes,
        Long netTxPackets,
        Long netRxPackets) {}
