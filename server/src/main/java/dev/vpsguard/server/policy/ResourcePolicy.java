package dev.vpsguard.server.policy;

import java.time.Duration;

/**
 * Resource quotas of one contract and the actions that enforce them (clauses R1–R6).
 *
 * @param contention when the host counts as contended
 * @param cpu CPU quota, applied only while the host is contended (R1)
 * @param disk disk IO quota
 * @param egress outbound network quota
 * @param packets outbound packet-rate quota
 * @param escalation how fast the resource ladder climbs and resets
 * @param actions the mode of each step of the resource ladder
 */
public record ResourcePolicy(
        Contention contention,
        Cpu cpu,
        Disk disk,
        Egress egress,
        Packets packets,
        Escalation escalation,
        Actions actions) {

    /**
     * @param hostCpuPercent the host is contended while its CPU use (0–100) is above this
     */
    public record Contention(double hostCpuPercent, String clause) {}

    /**
     * @param maxShare share of the guest's allocated vCPUs (1.0 = all of them busy)
     * @param sustained how long the share must stay above while the host is contended
     */
    public record Cpu(double maxShare, Duration sustained, String clause) {}

    /**
     * @param maxBytesPerSec read + write bytes per second
     * @param maxIops read + write operations per second
     */
    public record Disk(double maxBytesPerSec, double maxIops, Duration sustained, String clause) {}

    /**
     * @param maxMbitPerSec outbound megabits (10^6 bits) per second
     * @param throttleFloorMbitPerSec throttling never goes below this (the guaranteed rate, R4)
     */
    public record Egress(
            double maxMbitPerSec,
            double throttleFloorMbitPerSec,
            Duration sustained,
            String clause) {

        /** {@link #maxMbitPerSec()} in bytes per second. */
        public double maxBytesPerSec() {
            return maxMbitPerSec * 1_000_000 / 8;
        }
    }

    /**
     * @param maxPerSec outbound packets per second
     */
    public record Packets(double maxPerSec, Duration sustained, String clause) {}

    /**
     * @param after a step is followed by the next when the abuse still goes on this long after it
     * @param clearAfter the ladder resets after this long without a finding
     */
    public record Escalation(Duration after, Duration clearAfter, String clause) {}

    /** The mode of each step: warn → throttle → isolate (network abuse) or suspend. */
    public record Actions(
            ActionMode warn,
            ActionMode throttle,
            ActionMode isolate,
            ActionMode suspend,
            String clause) {}
}
