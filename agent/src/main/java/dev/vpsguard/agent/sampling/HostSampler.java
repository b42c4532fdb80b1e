package dev.vpsguard.agent.sampling;

import dev.vpsguard.protocol.HostSample;

/** Measures the host itself once per cycle; the host half of {@link Sampler}. */
public interface HostSampler {
    /**
     * The host's figures now, with CPU and NIC rates over the time since the previous call (null on
     * the first call). Never throws: a figure that cannot be read is null.
     */
    HostSample sample();
}
