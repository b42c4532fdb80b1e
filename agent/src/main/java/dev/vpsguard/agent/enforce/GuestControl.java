package dev.vpsguard.agent.enforce;

import dev.vpsguard.protocol.GuestKind;

/** Actions on a guest as a whole, through the hypervisor. Implementations never throw. */
public interface GuestControl {
    /** Limits the guest to {@code cores} cores of CPU time (e.g. 1.5 = 150 % of one core). */
    Result limitCpu(int vmid, GuestKind kind, double cores);

    /** Removes the CPU limit. */
    Result clearCpuLimit(int vmid, GuestKind kind);

    /** Pauses the guest. */
    Result suspend(int vmid, GuestKind kind);

    /** Resumes a paused guest. */
    Result resume(int vmid, GuestKind kind);

    /**
     * The outcome of one action.
     *
     * @param ok whether it succeeded
     * @param detail the command run, and on failure its exit code and stderr
     */
    record Result(boolean ok, String detail) {}
}
