package dev.vpsguard.agent.reach;

import dev.vpsguard.agent.enforce.CommandRunner;
import java.util.List;

/**
 * Pings a VM's QEMU guest agent through Proxmox's CLI, {@code qm guest cmd <vmid> ping}: exit 0 is
 * an answer; "QEMU guest agent is not running", a timeout or any other failure is none. The one
 * process call of reachability, behind the agent's {@link CommandRunner}.
 */
public final class GuestAgentPing {
    private final CommandRunner runner;

    public GuestAgentPing(CommandRunner runner) {
        this.runner = runner;
    }

    /** Whether the guest agent of VM {@code vmid} answered. */
    public boolean ping(int vmid) {
        if (vmid < 100 || vmid > 999_999_999) {
            return false; // not a Proxmox vmid: never handed to qm
        }
        return runner.run(List.of("qm", "guest", "cmd", Integer.toString(vmid), "ping")).ok();
    }
}
