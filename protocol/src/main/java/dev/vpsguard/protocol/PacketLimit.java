package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A packet rate a guest may not exceed for one kind of traffic; packets beyond it are dropped.
 *
 * @param packetsPerSec sustained rate
 * @param burstPackets packets allowed at once above the rate before dropping starts
 */
public record PacketLimit(
        @JsonProperty(required = true) long packetsPerSec,
        @JsonProperty(required = true) long burstPackets) {
    /** Upper bound nft's limit statement handles sensibly; far above any guest's line rate. */
    static final long MAX_PACKETS = 1_000_000_000L;

    public PacketLimit {
        Check.between(packetsPerSec, 1, MAX_PACKETS, "packetsPerSec");
        Check.between(burstPackets, 1, MAX_PACKETS, "burstPackets");
    }
}
