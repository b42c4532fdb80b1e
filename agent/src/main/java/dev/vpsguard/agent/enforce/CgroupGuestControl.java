package dev.vpsguard.agent.enforce;

import dev.vpsguard.protocol.GuestKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link GuestControl} through cgroup v2 files, for hosts where Proxmox's CLI is not wanted: {@code
 * cpu.max} for CPU limits and {@code cgroup.freeze} for suspension. VMs live in {@code
 * qemu.slice/<vmid>.scope}, containers in {@code lxc/<vmid>} (docs/proxmox.md). Proxmox does not
 * know about these limits: a {@code qm} restart of the guest drops them, and the next reconcile
 * after an inventory change sets them again.
 */
public final class CgroupGuestControl implements GuestControl {
    /** cpu.max period, microseconds (the kernel's default). */
    static final long PERIOD_MICROS = 100_000;

    private final Path cgroupRoot;

    /**
     * @param cgroupRoot the cgroup v2 mount, {@code <hostRoot>/sys/fs/cgroup}
     */
    public CgroupGuestControl(Path cgroupRoot) {
        this.cgroupRoot = cgroupRoot;
    }

    @Override
    public Result limitCpu(int vmid, GuestKind kind, double cores) {
        if (!(cores > 0 && cores <= ProxmoxGuestControl.MAX_CORES)) {
            return new Result(
                    false,
                    "cpu limit must be in (0, "
                            + ProxmoxGuestControl.MAX_CORES
                            + "] cores, was "
                            + cores);
        }
        long quota = Math.max(1000, Math.round(cores * PERIOD_MICROS));
        return write(vmid, kind, "cpu.max", quota + " " + PERIOD_MICROS);
    }

    @Override
    public Result clearCpuLimit(int vmid, GuestKind kind) {
        return write(vmid, kind, "cpu.max", "max " + PERIOD_MICROS);
    }

    @Override
    public Result suspend(int vmid, GuestKind kind) {
        return write(vmid, kind, "cgroup.freeze", "1");
    }

    @Override
    public Result resume(int vmid, GuestKind kind) {
        return write(vmid, kind, "cgroup.freeze", "0");
    }

    /** The guest's cgroup directory. */
    Path dir(int vmid, GuestKind kind) {
        return kind == GuestKind.QEMU
                ? cgroupRoot.resolve("qemu.slice").resolve(vmid + ".scope")
                : cgroupRoot.resolve("lxc").resolve(Integer.toString(vmid));
    }

    private Result write(int vmid, GuestKind kind, String file, String value) {
        Path target = dir(vmid, kind).resolve(file);
        String what = "write '" + value + "' to " + target;
        if (!Files.isDirectory(target.getParent())) {
            return new Result(false, what + ": no such cgroup (guest not running?)");
        }
        try {
            // Plain write, no temp file: cgroup files are kernel interfaces, not data.
            Files.writeString(target, value + "\n", StandardCharsets.US_ASCII);
            return new Result(true, what);
        } catch (IOException e) {
            return new Result(false, what + ": " + e.getMessage());
        }
    }
}
