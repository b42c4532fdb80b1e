package dev.vpsguard.protocol;

/**
 * One host network interface: cumulative counters since boot, and rates over the last cycle.
 *
 * @param name interface name, e.g. {@code vmbr0}
 * @param rxBytes received bytes since boot
 * @param txBytes transmitted bytes since boot
 * @param rxPackets received packets since boot
 * @param txPackets transmitted packets since boot
 * @param rxBytesPerSec receive rate over the last cycle, bytes/s (nullable on the first cycle)
 * @param txBytesPerSec transmit rate over the last cycle, bytes/s (nullable on the first cycle)
 */
public record NicSample(
        String name,
        long rxBytes,
        long txBytes,
        long rxPackets,
        long txPackets,
        Double rxBytesPerSec,
        Double txBytesPerSec) {}
