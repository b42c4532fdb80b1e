package dev.vpsguard.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostFiltersTest {
    @Test
    void networkFilesystemsAreNotLocal() {
        for (String remote : new String[] {"nfs", "nfs4", "cifs", "glusterfs", "ceph", "9p"}) {
            assertThat(HostFilters.isLocalFilesystem(remote)).as(remote).isFalse();
        }
    }

    @Test
    void runtimeAndKernelMountPointsAreNotReported() {
        assertThat(HostFilters.isReportedMountPoint("/")).isTrue();
        assertThat(HostFilters.isReportedMountPoint("/var/lib/vz")).isTrue();
        assertThat(HostFilters.isReportedMountPoint("/running")).isTrue();
        for (String m :
                new String[] {"/run", "/run/netns", "/sys/fs/x", "/proc", "/dev", "/x/shm"}) {
            assertThat(HostFilters.isReportedMountPoint(m)).as(m).isFalse();
        }
    }

    @Test
    void diskFilesystemsAreLocalAndPseudoOnesAreNot() {
        assertThat(HostFilters.isLocalFilesystem("ext4")).isTrue();
        assertThat(HostFilters.isLocalFilesystem("zfs")).isTrue();
        assertThat(HostFilters.isLocalFilesystem("xfs")).isTrue();
        for (String pseudo :
                new String[] {
                    "tmpfs",
                    "proc",
                    "sysfs",
                    "overlay",
                    "squashfs",
                    "cgroup2",
                    "fuse",
                    "fuse.lxcfs",
                    "devtmpfs",
                    "TMPFS",
                    "",
                    null
                }) {
            assertThat(HostFilters.isLocalFilesystem(pseudo)).as(pseudo).isFalse();
        }
    }

    @Test
    void proxmoxPerGuestInterfacesAreRecognisedAndHostOnesAreNot() {
        for (String guest :
                new String[] {"tap100i0", "veth200i1", "fwbr100i0", "fwln100i0", "fwpr100p0"}) {
            assertThat(HostFilters.isGuestInterface(guest)).as(guest).isTrue();
        }
        for (String host : new String[] {"vmbr0", "eno1", "bond0", "tap0", "vethabc", "enp3s0f1"}) {
            assertThat(HostFilters.isGuestInterface(host)).as(host).isFalse();
        }
    }
}
