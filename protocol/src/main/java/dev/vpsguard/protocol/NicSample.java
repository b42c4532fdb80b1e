package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

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
        @JsonProperty(required = true) long rxBytes,
        @JsonProperty(required = true) long txBytes,
        @JsonProperty(required = true) long rxPackets,
        @JsonProperty(required = true) long txPackets,
        Double rxBytesPerSec,
        Double txBytesPerSec) {
    public NicSample {
        Check.requiredText(name, 64, "name");
        Check.atLeast(rxBytes, 0, "rxBytes");
        Check.atLeast(txBytes, 0, "txBytes");
        Check.atLeast(rxPackets, 0, "rxPackets");
        Check.atLeast(txPackets, 0, "txPackets");
        Check.rate(rxBytesPerSec, "rxBytesPerSec");
        Check.rate(txBytesPerSec, "txBytesPerSec");
    }
}
