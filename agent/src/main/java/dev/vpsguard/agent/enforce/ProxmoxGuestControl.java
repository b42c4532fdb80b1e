package dev.vpsguard.agent.enforce;

import dev.vpsguard.protocol.GuestKind;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@link GuestControl} through Proxmox's own CLI: {@code qm} for VMs and {@code pct} for containers
 * (docs/proxmox.md, Operations). {@code qm set --cpulimit} is applied live (systemd CPUQuota);
 * {@code pct set -cpulimit} likewise for containers.
 */
public final class ProxmoxGuestControl implements GuestControl {
    /** Proxmox's upper bound for cpulimit (cores). */
    static final double MAX_CORES = 128;

    private final CommandRunner runner;

    public ProxmoxGuestControl(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public Result limitCpu(int vmid, GuestKind kind, double cores) {
        if (!(cores > 0 && cores <= MAX_CORES)) {
            return new Result(
                    false, "cpu limit must be in (0, " + MAX_CORES + "] cores, was " + cores);
        }
        String n = BigDecimal.valueOf(cores).stripTrailingZeros().toPlainString();
        return kind == GuestKind.QEMU
                ? run("qm", "set", id(vmid), "--cpulimit", n)
                : run("pct", "set", id(vmid), "-cpulimit", n);
    }

    @Override
    public Result clearCpuLimit(int vmid, GuestKind kind) {
        return kind == GuestKind.QEMU
                ? run("qm", "set", id(vmid), "--delete", "cpulimit")
                : run("pct", "set", id(vmid), "-delete", "cpulimit");
    }

    @Override
    public Result suspend(int vmid, GuestKind kind) {
        return run(tool(kind), "suspend", id(vmid));
    }

    @Override
    public Result resume(int vmid, GuestKind kind) {
        return run(tool(kind), "resume", id(vmid));
    }

    private Result run(String... argv) {
        if (argv[2] == null) {
            // Proxmox vmids are 100..999999999; anything else is a bug upstream, not a guest.
            return new Result(false, "invalid vmid for " + argv[0] + " " + argv[1]);
        }
        CommandRunner.CommandResult r = runner.run(List.of(argv));
        return new Result(r.ok(), r.ok() ? r.command() : r.describe());
    }

    private static String tool(GuestKind kind) {
        return kind == GuestKind.QEMU ? "qm" : "pct";
    }

    private static String id(int vmid) {
        return vmid < 100 || vmid > 999_999_999 ? null : Integer.toString(vmid);
    }
}
