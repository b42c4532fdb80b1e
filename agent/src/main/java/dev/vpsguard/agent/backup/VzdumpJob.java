package dev.vpsguard.agent.backup;

import java.util.Set;

/**
 * One backup job of {@code /etc/pve/jobs.cfg} (a {@code vzdump:} section).
 *
 * @param all whether the job takes every guest of the node (minus {@code exclude})
 * @param vmids the guests listed explicitly ({@code vmid 100,101})
 * @param pool a pool whose members the job takes, or null
 * @param node the node the job is pinned to, or null for every node
 * @param schedule the calendar event ({@code 21:00}, {@code sat 02:00}, {@code daily})
 * @param keepDaily the {@code keep-daily} of the job's {@code prune-backups}, or -1 when unset
 */
public record VzdumpJob(
        String id,
        boolean enabled,
        String schedule,
        String storage,
        boolean all,
        Set<Integer> vmids,
        Set<Integer> exclude,
        String pool,
        String node,
        String mode,
        int keepDaily) {
    public VzdumpJob {
        vmids = Set.copyOf(vmids);
        exclude = Set.copyOf(exclude);
    }

    /**
     * Whether this job backs up {@code vmid} on {@code nodeName} (pool membership is not known
     * here).
     */
    public boolean covers(int vmid, String nodeName) {
        if (!enabled || (node != null && !node.equals(nodeName))) {
            return false;
        }
        return all ? !exclude.contains(vmid) : vmids.contains(vmid);
    }
}
