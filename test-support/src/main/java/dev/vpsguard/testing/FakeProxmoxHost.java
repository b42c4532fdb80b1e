package dev.vpsguard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Proxmox host as files under a root, driven by a fake {@code qm} at the boundary that cannot run
 * here: VM configs, pid files with the kvm command line qemu-server's running test reads, the task
 * list {@code /var/log/pve/tasks/index} and {@code btime} of {@code /proc/stat}. The fake appends
 * every command line it receives to {@link #argvLog()}; {@code qm start|stop|shutdown <vmid>}
 * changes the VM's run state and appends a task in pve-manager's index format, dated by the test's
 * clock and run as {@code user} (Proxmox writes the API user; the CLI runs as {@code root@pam});
 * {@code qm guest cmd <vmid> ping} answers while the VM runs and its guest agent is set to answer,
 * and fails as Proxmox does otherwise.
 */
public final class FakeProxmoxHost {
    private final Path dir;
    private final Path root;
    private final Path bin;
    private final Clock clock;

    private FakeProxmoxHost(Path dir, Clock clock) {
        this.dir = dir;
        this.root = dir.resolve("root");
        this.bin = dir.resolve("bin");
        this.clock = clock;
    }

    /** A host named {@code node} under {@code dir}, booted at the clock's time, with no VM. */
    public static FakeProxmoxHost create(Path dir, String node, Clock clock) {
        FakeProxmoxHost h = new FakeProxmoxHost(dir, clock);
        try {
            for (String d :
                    List.of(
                            "etc/pve/qemu-server",
                            "etc/pve/lxc",
                            "run/qemu-server",
                            "run/fake-qga",
                            "var/log/pve/tasks",
                            "proc",
                            "sys/fs/cgroup")) {
                Files.createDirectories(h.root.resolve(d));
            }
            Files.createDirectories(h.bin);
            Files.writeString(h.root.resolve("etc/hostname"), node + "\n");
            Files.writeString(h.root.resolve("var/log/pve/tasks/index"), "");
            Files.writeString(h.root.resolve("var/log/pve/tasks/active"), "");
            h.booted(clock.instant());
            Path qm = h.bin.resolve("qm");
            Files.writeString(qm, script(h.root, dir.resolve("qm-argv.log"), dir.resolve("now")));
            Files.setPosixFilePermissions(qm, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return h;
    }

    /** The host's file system root, as the agent's {@code hostRoot} takes it. */
    public Path root() {
        return root;
    }

    /** Environment overrides that put the fake {@code qm} first on a child's PATH. */
    public Map<String, String> environment() {
        return Map.of("PATH", bin + ":" + System.getenv("PATH"));
    }

    /** Where the fake appends each command line it ran. */
    public Path argvLog() {
        return dir.resolve("qm-argv.log");
    }

    /** The command lines the fake ran so far, oldest first. */
    public List<String> argv() {
        try {
            return Files.exists(argvLog()) ? Files.readAllLines(argvLog()) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Declares a stopped VM; {@code guestAgent} writes {@code agent: 1} in its config. */
    public void vm(int vmid, String name, boolean guestAgent) {
        write(
                "etc/pve/qemu-server/" + vmid + ".conf",
                (guestAgent ? "agent: 1\n" : "")
                        + "boot: order=scsi0\ncores: 2\nmemory: 2048\nname: "
                        + name
                        + "\nnet0: virtio=BC:24:11:00:"
                        + String.format("%02X:%02X", (vmid / 256) % 256, vmid % 256)
                        + ",bridge=vmbr0,firewall=1\nscsi0: local-lvm:vm-"
                        + vmid
                        + "-disk-0,size=32G\n");
        guestAgentAnswers(vmid, true);
    }

    /** Whether the VM's guest agent answers pings (while the VM runs). */
    public void guestAgentAnswers(int vmid, boolean answers) {
        write("run/fake-qga/" + vmid, answers ? "up\n" : "down\n");
    }

    /** The host (re)booted at {@code at}: {@code btime} in {@code /proc/stat}. */
    public void booted(Instant at) {
        write(
                "proc/stat",
                "cpu  10 0 10 1000 0 0 0 0 0 0\ncpu0 10 0 10 1000 0 0 0 0 0 0\nbtime "
                        + at.getEpochSecond()
                        + "\nprocesses 100\n");
    }

    /** The host lost power: every VM is gone without a task, as after a crash. */
    public void powerLoss() {
        try (var pids = Files.newDirectoryStream(root.resolve("run/qemu-server"), "*.pid")) {
            for (Path pid : pids) {
                String p = Files.readString(pid).strip();
                Files.delete(pid);
                Path cmdline = root.resolve("proc/" + p + "/cmdline");
                Files.deleteIfExists(cmdline);
                Files.deleteIfExists(cmdline.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the fake {@code qm} with {@code args} as Proxmox user {@code user}, at the clock's time.
     *
     * @return its exit code
     */
    public int qm(String user, String... args) {
        write("../now", Long.toString(clock.instant().getEpochSecond()));
        List<String> argv = new ArrayList<>();
        argv.add(bin.resolve("qm").toString());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("FAKE_PVE_USER", user);
        try {
            Process p = pb.start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("fake qm did not finish: " + argv);
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void write(String relative, String text) {
        try {
            Path p = root.resolve(relative).normalize();
            Files.createDirectories(p.getParent());
            Files.writeString(
                    p,
                    text,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String script(Path root, Path log, Path now) {
        return """
                #!/bin/sh
                # A fake qm (FakeProxmoxHost): records its argv, keeps run state and the task list.
                R='%s'
                echo "qm $*" >> '%s'
                now=$(cat '%s' 2>/dev/null || date +%%s)
                user=${FAKE_PVE_USER:-root@pam}
                node=$(cat "$R/etc/hostname")
                pidof() { echo $((100000 + $1)); }
                running() { [ -f "$R/run/qemu-server/$1.pid" ]; }
                task() {
                  printf 'UPID:%%s:%%08X:%%08X:%%08X:%%s:%%s:%%s: %%08X %%s\\n' \\
                    "$node" $$ "$now" "$now" "$1" "$2" "$user" $((now + 1)) "$3" \\
                    >> "$R/var/log/pve/tasks/index"
                }
                case "$1" in
                  start)
                    if running "$2"; then task qmstart "$2" "VM $2 already running"; exit 255; fi
                    p=$(pidof "$2"); mkdir -p "$R/proc/$p"
                    printf '/usr/bin/kvm\\0-id\\0%%s\\0-pidfile\\0/var/run/qemu-server/%%s.pid\\0' \\
                      "$2" "$2" > "$R/proc/$p/cmdline"
                    echo "$p" > "$R/run/qemu-server/$2.pid"
                    task qmstart "$2" OK ;;
                  stop|shutdown)
                    t=qm$1
                    if ! running "$2"; then task "$t" "$2" "VM $2 not running"; exit 255; fi
                    rm -rf "$R/proc/$(pidof "$2")" "$R/run/qemu-server/$2.pid"
                    task "$t" "$2" OK ;;
                  guest)
                    if [ "$2" != cmd ] || [ "$4" != ping ]; then echo "unsupported" >&2; exit 2; fi
                    if ! running "$3"; then echo "VM $3 not running" >&2; exit 2; fi
                    if [ "$(cat "$R/run/fake-qga/$3" 2>/dev/null)" != up ]; then
                      echo "QEMU guest agent is not running" >&2; exit 255
                    fi
                    exit 0 ;;
                  *) echo "fake qm: unsupported command $1" >&2; exit 2 ;;
                esac
                """
                .formatted(root, log, now);
    }
}
