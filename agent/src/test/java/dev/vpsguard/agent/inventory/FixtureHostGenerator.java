package dev.vpsguard.agent.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a synthetic Proxmox host tree with N running guests, in the formats of the captured
 * fixture tree: configs, pid files and kvm cmdlines, cgroup v2 files and {@code /sys/class/net}
 * counters. Used by the 200-guest memory/CPU benchmark and by {@code FixtureHostGeneratorTest}.
 *
 * <p>Even indexes are VMs (vmid 1000 + index), odd ones containers. Every fifth guest has two NICs.
 * Counters grow linearly with {@code tick}: writing tick t+1 over tick t models one cycle of {@link
 * #CYCLE_SECONDS} seconds, in which guest {@code i} uses {@link #cpuCores(int)} cores, reads {@link
 * #diskReadBytesPerSec(int)} and sends {@link #netTxBytesPerSecPerNic(int)} per NIC.
 *
 * <p>Run: {@code java -cp agent/target/test-classes:agent/target/classes:... \
 * dev.vpsguard.agent.inventory.FixtureHostGenerator /tmp/pve200 200 [tick]}
 */
public final class FixtureHostGenerator {
    /** Seconds of guest activity one tick stands for. */
    public static final long CYCLE_SECONDS = 5;

    private static final long MIB = 1024 * 1024;

    private FixtureHostGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: FixtureHostGenerator <target dir> <guest count> [tick]");
            System.exit(2);
        }
        Path target = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        long tick = args.length == 3 ? Long.parseLong(args[2]) : 0;
        write(target, count, tick);
        System.out.printf(Locale.ROOT, "wrote %d guests (tick %d) under %s%n", count, tick, target);
    }

    /** The vmid of guest {@code index}. */
    public static int vmid(int index) {
        return 1000 + index;
    }

    /** Whether guest {@code index} is a VM (else a container). */
    public static boolean isVm(int index) {
        return index % 2 == 0;
    }

    /** NICs of guest {@code index}. */
    public static int nicCount(int index) {
        return index % 5 == 0 ? 2 : 1;
    }

    /** CPU guest {@code index} uses, cores: 0, 0.25, 0.5 or 0.75. */
    public static double cpuCores(int index) {
        return (index % 4) * 0.25;
    }

    /** Bytes/s guest {@code index} reads; it writes twice that. */
    public static long diskReadBytesPerSec(int index) {
        return 1000L * (index + 1);
    }

    /** Bytes/s guest {@code index} sends on each NIC; it receives three times that. */
    public static long netTxBytesPerSecPerNic(int index) {
        return 100L * (index + 1);
    }

    /** Writes (or overwrites) the tree for {@code count} guests at counter state {@code tick}. */
    public static void write(Path root, int count, long tick) throws IOException {
        long elapsed = tick * CYCLE_SECONDS;
        // The same counters as /sys/class/net, all interfaces in one file, as the kernel has it.
        StringBuilder netDev =
                new StringBuilder(
                        "Inter-|   Receive                                                |  Transmit\n"
                                + " face |bytes    packets errs drop fifo frame compressed multicast"
                                + "|bytes    packets errs drop fifo colls carrier compressed\n");
        for (int i = 0; i < count; i++) {
            int vmid = vmid(i);
            Path cgroup;
            StringBuilder conf = new StringBuilder();
            conf.append("#synthetic guest ").append(i).append('\n');
            if (isVm(i)) {
                conf.append("cores: 2\nsockets: 1\nmemory: 2048\nname: vm-")
                        .append(vmid)
                        .append('\n');
                for (int n = 0; n < nicCount(i); n++) {
                    conf.append(
                            String.format(
                                    Locale.ROOT,
                                    "net%d: virtio=BC:24:11:%02X:%02X:%02X,bridge=vmbr0,firewall=1%n",
                                    n,
                                    (vmid >> 8) & 0xff,
                                    vmid & 0xff,
                                    n));
                }
                conf.append("ipconfig0: ip=10.")
                        .append(i / 250)
                        .append('.')
                        .append(i % 250)
                        .append(".10/16,gw=10.0.0.1\n");
                conf.append("scsi0: local-lvm:vm-").append(vmid).append("-disk-0,size=10G\n");
                put(root.resolve("etc/pve/qemu-server/" + vmid + ".conf"), conf.toString());
                int pid = 100_000 + i;
                put(root.resolve("run/qemu-server/" + vmid + ".pid"), pid + "\n");
                String cmdline =
                        String.join(
                                        "\0",
                                        "/usr/bin/kvm",
                                        "-id",
                                        String.valueOf(vmid),
                                        "-pidfile",
                                        "/var/run/qemu-server/" + vmid + ".pid",
                                        "-daemonize")
                                + "\0";
                put(root.resolve("proc/" + pid + "/cmdline"), cmdline);
                cgroup = root.resolve("sys/fs/cgroup/qemu.slice/" + vmid + ".scope");
                put(cgroup.resolve("memory.max"), "max\n");
            } else {
                conf.append("arch: amd64\ncores: 1\nmemory: 512\nhostname: ct-")
                        .append(vmid)
                        .append('\n');
                for (int n = 0; n < nicCount(i); n++) {
                    conf.append(
                            String.format(
                                    Locale.ROOT,
                                    "net%d: name=eth%d,bridge=vmbr0,hwaddr=BC:24:11:%02X:%02X:%02X,ip=10.%d.%d.20/16,type=veth%n",
                                    n,
                                    n,
                                    (vmid >> 8) & 0xff,
                                    vmid & 0xff,
                                    n,
                                    i / 250,
                                    i % 250));
                }
                conf.append("rootfs: local-lvm:vm-").append(vmid).append("-disk-0,size=4G\n");
                put(root.resolve("etc/pve/lxc/" + vmid + ".conf"), conf.toString());
                cgroup = root.resolve("sys/fs/cgroup/lxc/" + vmid);
                put(cgroup.resolve("memory.max"), (512 * MIB) + "\n");
                put(cgroup.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
                put(cgroup.resolve("ns/cgroup.procs"), (200_000 + i) + "\n");
            }
            long usage = 1_000_000_000L + Math.round(cpuCores(i) * elapsed * 1_000_000);
            put(
                    cgroup.resolve("cpu.stat"),
                    "usage_usec "
                            + usage
                            + "\nuser_usec "
                            + usage
                            + "\nsystem_usec 0\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
            put(cgroup.resolve("memory.current"), (300 * MIB + i * MIB) + "\n");
            put(
                    cgroup.resolve("memory.stat"),
                    "anon "
                            + (200 * MIB)
                            + "\nfile "
                            + (100 * MIB)
                            + "\nkernel 0\nfile_mapped 0\n");
            long rbytes = 50 * MIB + diskReadBytesPerSec(i) * elapsed;
            long ios = 1000 + (i + 1) * elapsed;
            put(
                    cgroup.resolve("io.stat"),
                    "253:"
                            + (i % 16)
                            + " rbytes="
                            + rbytes
                            + " wbytes="
                            + (2 * rbytes)
                            + " rios="
                            + ios
                            + " wios="
                            + (2 * ios)
                            + " dbytes=0 dios=0\n");
            for (int n = 0; n < nicCount(i); n++) {
                Path stats =
                        root.resolve(
                                "sys/class/net/"
                                        + (isVm(i) ? "tap" : "veth")
                                        + vmid
                                        + "i"
                                        + n
                                        + "/statistics");
                long guestTx = 10_000 + netTxBytesPerSecPerNic(i) * elapsed;
                put(stats.resolve("rx_bytes"), guestTx + "\n"); // host rx = guest tx
                put(stats.resolve("tx_bytes"), (3 * guestTx) + "\n");
                put(stats.resolve("rx_packets"), (guestTx / 100) + "\n");
                put(stats.resolve("tx_packets"), (3 * guestTx / 100) + "\n");
                netDev.append(
                        String.format(
                                Locale.ROOT,
                                "%14s: %d %d 0 0 0 0 0 0 %d %d 0 0 0 0 0 0%n",
                                stats.getParent().getFileName(),
                                guestTx,
                                guestTx / 100,
                                3 * guestTx,
                                3 * guestTx / 100));
            }
        }
        put(root.resolve("proc/net/dev"), netDev.toString());
    }

    private static void put(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
