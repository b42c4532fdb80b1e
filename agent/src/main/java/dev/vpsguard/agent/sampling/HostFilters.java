package dev.vpsguard.agent.sampling;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Which of the host's filesystems and interfaces belong in a host sample. Pure. */
public final class HostFilters {
    /**
     * Filesystem types that hold no local disk space: kernel pseudo filesystems, memory-backed
     * ones, read-only images and stacked views. {@code fuse} covers Proxmox's own {@code /etc/pve}
     * (pmxcfs) and {@code fuse.lxcfs}.
     */
    private static final Set<String> PSEUDO_FS =
            Set.of(
                    "tmpfs",
                    "devtmpfs",
                    "ramfs",
                    "proc",
                    "sysfs",
                    "overlay",
                    "squashfs",
                    "cgroup",
                    "cgroup2",
                    "devpts",
                    "mqueue",
                    "debugfs",
                    "tracefs",
                    "securityfs",
                    "pstore",
                    "bpf",
                    "autofs",
                    "hugetlbfs",
                    "configfs",
                    "fusectl",
                    "binfmt_misc",
                    "nsfs",
                    "efivarfs",
                    "rpc_pipefs",
                    "nfsd",
                    "fuse",
                    "iso9660",
                    "selinuxfs",
                    "none",
                    "rootfs",
                    // Network file systems: remote space, and a hung server must not stall a cycle.
                    "afs",
                    "cifs",
                    "smbfs",
                    "smb3",
                    "sshfs",
                    "ncpfs",
                    "ncp",
                    "nfs",
                    "nfs4",
                    "gfs",
                    "gfs2",
                    "glusterfs",
                    "ceph",
                    "9p");

    /**
     * Interfaces Proxmox creates per guest NIC: the guest's own (tap/veth, counted in guest
     * samples) and the firewall bridge plumbing (fwbr/fwln/fwpr), which carries the same traffic
     * again. Listing them per host would repeat every guest's figures.
     */
    private static final Pattern GUEST_IFACE =
            Pattern.compile("(tap|veth)\\d+i\\d+|fwbr\\d+i\\d+|fwln\\d+i\\d+|fwpr\\d+p\\d+");

    private HostFilters() {}

    /** Whether a filesystem type holds local disk space worth reporting. */
    public static boolean isLocalFilesystem(String type) {
        if (type == null || type.isBlank()) {
            return false;
        }
        String t = type.strip().toLowerCase(Locale.ROOT);
        return !PSEUDO_FS.contains(t) && !t.startsWith("fuse.");
    }

    /**
     * Whether a mount point is worth a figure: not under {@code /run}, {@code /sys}, {@code /proc}
     * or {@code /dev}, nor a {@code shm} (the mount points OSHI left out before this agent read
     * {@code /proc} itself).
     */
    public static boolean isReportedMountPoint(String mount) {
        return !(mount.equals("/dev")
                || under(mount, "/run")
                || under(mount, "/sys")
                || under(mount, "/proc")
                || under(mount, "/dev/shm")
                || mount.endsWith("/shm"));
    }

    private static boolean under(String mount, String dir) {
        return mount.equals(dir) || mount.startsWith(dir + "/");
    }

    /** Whether an interface is a per-guest one Proxmox created (reported per guest instead). */
    public static boolean isGuestInterface(String name) {
        return name != null && GUEST_IFACE.matcher(name).matches();
    }
}
