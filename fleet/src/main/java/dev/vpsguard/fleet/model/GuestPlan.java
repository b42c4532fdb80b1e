package dev.vpsguard.fleet.model;

/**
 * One simulated guest.
 *
 * @param vmid its Proxmox id on its host
 * @param profile what it does
 * @param cores vCPUs configured
 * @param memoryBytes memory configured
 * @param stormStart for a spam bot, the first cycle of its storm (cycles count from 0); -1
 *     otherwise
 */
public record GuestPlan(
        int vmid, GuestProfile profile, int cores, long memoryBytes, int stormStart) {
    /** Whether this is a spam bot whose storm starts at or before {@code cycle}. */
    public boolean storming(long cycle) {
        return profile == GuestProfile.SPAM_BOT && cycle >= stormStart;
    }

    /**
     * The cycle whose report crosses the spam threshold: the {@code consecutiveWindows}-th storm
     * window. -1 for every guest that is not a spam bot.
     */
    public long crossingCycle(SpamThreshold threshold) {
        return profile == GuestProfile.SPAM_BOT
                ? stormStart + threshold.consecutiveWindows() - 1L
                : -1;
    }
}
