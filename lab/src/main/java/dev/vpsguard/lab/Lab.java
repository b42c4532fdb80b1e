package dev.vpsguard.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Proxmox-like hypervisor built from network namespaces (docs/lab.md): a host namespace {@code
 * hv} with bridge {@code vmbr0} (198.51.100.250/24), guests on ports {@code tap<vmid>i0}, and an
 * {@code inet} namespace on port {@code uplink} carrying the router addresses and many "MX"
 * addresses. Every name carries a random {@code vglab<4 hex>} prefix; only commands scoped to the
 * lab's own namespaces are ever run, and {@link #close()} (also run by a JVM shutdown hook) stops
 * every spawned process by pid and deletes every namespace.
 *
 * <p>See {@code README.md} in this package for the topology and usage.
 */
public final class Lab implements AutoCloseable {
    /** The host's own address on {@code vmbr0}. */
    public static final String HOST_ADDRESS = "198.51.100.250";

    /** The host subnet's router (in {@code inet}); in-subnet guests route through it. */
    public static final String ROUTER_ADDRESS = "198.51.100.1";

    /** The router's address in the additional block 203.0.113.0/24, where the host has none. */
    public static final String OUTSIDE_ROUTER_ADDRESS = "203.0.113.1";

    /** The host's IPv6 address on {@code vmbr0}, in a lab with IPv6. */
    public static final String HOST_ADDRESS6 = "2001:db8:100::250";

    /** The router's IPv6 address in the host's prefix 2001:db8:100::/64. */
    public static final String ROUTER_ADDRESS6 = "2001:db8:100::1";

    /** The router's IPv6 address in 2001:db8:113::/64, where the host has none. */
    public static final String OUTSIDE_ROUTER_ADDRESS6 = "2001:db8:113::1";

    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(60);

    private final String prefix;
    private final Path workDir;
    private final LabMx mx;
    private final List<LabGuest> guests;
    private final boolean ipv6;
    private final List<String> namespaces = Collections.synchronizedList(new ArrayList<>());
    private final List<LabProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> rootLinks = Collections.synchronizedList(new ArrayList<>());
    private final Thread shutdownHook;
    private boolean closed;

    private Lab(Builder b) throws IOException {
        String id = String.format("%04x", new SecureRandom().nextInt(0x10000));
        this.prefix = "vglab" + id;
        this.workDir = Files.createTempDirectory(prefix + "-");
        this.mx = new LabMx(b.accepting, b.refusing, b.dropping);
        List<LabGuest> gs = new ArrayList<>();
        this.ipv6 = b.ipv6;
        for (int[] g : b.guests) {
            boolean in = g[1] == 1;
            String v4 = Builder.address(in, g[2]);
            gs.add(
                    new LabGuest(
                            g[0],
                            prefix + "-" + g[0],
                            g[3] == 1 ? null : v4,
                            24,
                            in ? ROUTER_ADDRESS : OUTSIDE_ROUTER_ADDRESS,
                            in,
                            ipv6 ? v6(v4) : null));
        }
        this.guests = List.copyOf(gs);
        this.shutdownHook = new Thread(this::close, prefix + "-teardown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Why the lab cannot run here, or empty when it can: it needs Linux, root, {@code ip netns},
     * {@code nft}, {@code conntrack} and the br_netfilter module.
     */
    public static Optional<String> missingPrerequisite() {
        return LabPrerequisites.missing();
    }

    /** Whether the lab has IPv6 too ({@link Builder#ipv6()}). */
    public boolean ipv6() {
        return ipv6;
    }

    /**
     * The IPv6 twin of a lab IPv4 address: 198.51.100.X → 2001:db8:100::X, 203.0.113.X →
     * 2001:db8:113::X (X written as is, so guest 104 is ::104 and MX .201 is ::201).
     */
    public static String v6(String labV4) {
        String last = labV4.substring(labV4.lastIndexOf('.') + 1);
        if (labV4.startsWith("198.51.100.")) {
            return "2001:db8:100::" + last;
        }
        if (labV4.startsWith("203.0.113.")) {
            return "2001:db8:113::" + last;
        }
        throw new IllegalArgumentException(labV4 + " is not a lab address");
    }

    /** The random name prefix shared by every namespace and the work directory. */
    public String prefix() {
        return prefix;
    }

    /** A private directory for files of this lab (logs, plans, results); deleted on close. */
    public Path workDir() {
        return workDir;
    }

    /** The hypervisor namespace: bridge {@code vmbr0}, the guests' taps, the {@code uplink}. */
    public String hv() {
        return prefix + "-hv";
    }

    /** The "internet" namespace: routers and MX addresses, where {@link LabSink} runs. */
    public String inet() {
        return prefix + "-inet";
    }

    public LabMx mx() {
        return mx;
    }

    public List<LabGuest> guests() {
        return guests;
    }

    public LabGuest guest(int vmid) {
        return guests.stream()
                .filter(g -> g.vmid() == vmid)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no guest " + vmid + " in lab"));
    }

    /** The first guest in the host's subnet (198.51.100.0/24). */
    public LabGuest inSubnetGuest() {
        return guests.stream()
                .filter(LabGuest::inHostSubnet)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("lab has no in-subnet guest"));
    }

    /** The first guest outside the host's subnet (203.0.113.0/24). */
    public LabGuest outOfSubnetGuest() {
        return guests.stream()
                .filter(g -> !g.inHostSubnet())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("lab has no out-of-subnet guest"));
    }

    /** Every namespace of this lab, in creation order. */
    public List<String> namespaces() {
        synchronized (namespaces) {
            return List.copyOf(namespaces);
        }
    }

    /**
     * Runs a command inside one of this lab's namespaces and waits for it (at most 60 s, then it is
     * killed and this throws).
     */
    public ExecResult exec(String namespace, String... command) {
        return LabCommands.run(inNamespace(namespace, command), EXEC_TIMEOUT, workDir);
    }

    /** Starts a background command inside one of this lab's namespaces; stopped on close. */
    public LabProcess spawn(String namespace, String... command) {
        List<String> cmd = inNamespace(namespace, command);
        Path log = workDir.resolve(String.format("proc-%03d.log", processes.size()));
        LabProcess p = LabCommands.start(cmd, log);
        processes.add(p);
        return p;
    }

    /** Applies an nft script with {@code nft -f} inside one of this lab's namespaces. */
    public void nft(String namespace, String script) {
        Path file = writeWorkFile("nft-" + System.nanoTime() + ".nft", script);
        exec(namespace, LabPrerequisites.tool("nft"), "-f", file.toString()).orThrow();
    }

    /** The command that runs a {@code main} class of the test classpath in a fresh JVM. */
    public static List<String> javaCommand(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xshare:auto", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(List.of("-Xmx128m", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    Path writeWorkFile(String name, String content) {
        try {
            return Files.writeString(workDir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> inNamespace(String namespace, String... command) {
        if (!namespaces().contains(namespace)) {
            // Safety: never run anything in the root namespace or someone else's namespace.
            throw new IllegalArgumentException(
                    namespace + " is not a namespace of lab " + prefix + ": " + namespaces());
        }
        if (command.length == 0) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> cmd = new ArrayList<>(List.of(LabPrerequisites.tool("ip"), "netns", "exec"));
        cmd.add(namespace);
        cmd.addAll(List.of(command));
        return cmd;
    }

    private void build() {
        LabTopology.build(this, guests);
    }

    /**
     * Demo only ({@link LabDemo}), never in tests: a veth pair between the root namespace and
     * {@code hv}, so an agent in {@code hv} can reach a server an operator runs on the machine
     * itself. The root end is named {@code <prefix>r} and carries {@code rootCidr}; the {@code hv}
     * end is {@code rootlink} with {@code hvCidr}. Use link-local addresses ({@code
     * 169.254.0.0/16}): nothing is routed beyond the pair. Removed by {@link #close()}.
     *
     * @return the root end's name
     */
    public String linkToRootNamespace(String rootCidr, String hvCidr) {
        String root = prefix + "r";
        ip("link", "add", root, "type", "veth", "peer", "name", "rootlink", "netns", hv());
        rootLinks.add(root);
        ip("addr", "add", rootCidr, "dev", root);
        ip("link", "set", root, "up");
        ip("-n", hv(), "addr", "add", hvCidr, "dev", "rootlink");
        ip("-n", hv(), "link", "set", "rootlink", "up");
        return root;
    }

    void addNamespace(String name) {
        ip("netns", "add", name);
        namespaces.add(name);
    }

    void ip(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LabPrerequisites.tool("ip"));
        cmd.addAll(List.of(args));
        LabCommands.run(cmd, EXEC_TIMEOUT, workDir).orThrow();
    }

    /**
     * Stops every spawned process (SIGTERM, then SIGKILL, by pid), deletes every namespace and the
     * work directory. Safe to call twice and from the shutdown hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<LabProcess> procs;
        synchronized (processes) {
            procs = List.copyOf(processes);
        }
        for (LabProcess p : procs) {
            p.stop();
        }
        for (String link : List.copyOf(rootLinks)) {
            List<String> cmd = List.of(LabPrerequisites.tool("ip"), "link", "del", link);
            ExecResult r = LabCommands.run(cmd, EXEC_TIMEOUT, null);
            if (!r.succeeded()) {
                System.err.println("lab teardown: " + r.command() + ": " + r.output().strip());
            }
        }
        rootLinks.clear();
        List<String> nss = namespaces();
        for (int i = nss.size() - 1; i >= 0; i--) {
            List<String> cmd = List.of(LabPrerequisites.tool("ip"), "netns", "del", nss.get(i));
            ExecResult r = LabCommands.run(cmd, EXEC_TIMEOUT, null);
            if (!r.succeeded()) {
                System.err.println("lab teardown: " + r.command() + ": " + r.output().strip());
            }
        }
        namespaces.clear();
        deleteWorkDir();
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting; the hook is running or about to.
            }
        }
    }

    private void deleteWorkDir() {
        try (Stream<Path> files = Files.walk(workDir)) {
            for (Path p : files.sorted(Collections.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("lab teardown: cannot delete " + workDir + ": " + e);
        }
    }

    /** Builds a lab. Defaults: MX 30 accepting, 5 refusing, 5 dropping; no guests. */
    public static final class Builder {
        private final List<int[]> guests = new ArrayList<>();
        private int accepting = 30;
        private int refusing = 5;
        private int dropping = 5;
        private boolean ipv6;

        private Builder() {}

        /**
         * Gives the lab IPv6 as well: {@link #HOST_ADDRESS6} on {@code vmbr0}, the routers' {@link
         * #ROUTER_ADDRESS6} and {@link #OUTSIDE_ROUTER_ADDRESS6}, every MX and every guest its
         * {@link Lab#v6} twin (/64, no duplicate address detection, so usable at once).
         */
        public Builder ipv6() {
            this.ipv6 = true;
            return this;
        }

        /** Adds an IPv6-only guest at 2001:db8:100::&lt;vmid&gt;/64, the host's prefix. */
        public Builder guestV6OnlyInSubnet(int vmid) {
            checkDerivedVmid(vmid);
            ipv6 = true;
            return guest(vmid, true, vmid, true);
        }

        /** Adds an IPv6-only guest at 2001:db8:113::&lt;vmid&gt;/64, where the host has none. */
        public Builder guestV6OnlyOutOfSubnet(int vmid) {
            checkDerivedVmid(vmid);
            ipv6 = true;
            return guest(vmid, false, vmid, true);
        }

        /** Adds a guest at 198.51.100.&lt;vmid&gt;/24, the host's subnet; vmid 100..199. */
        public Builder guestInSubnet(int vmid) {
            checkDerivedVmid(vmid);
            return guest(vmid, true, vmid);
        }

        /**
         * Adds a guest at 203.0.113.&lt;vmid&gt;/24, a block where the host has no address; vmid
         * 100..199.
         */
        public Builder guestOutOfSubnet(int vmid) {
            checkDerivedVmid(vmid);
            return guest(vmid, false, vmid);
        }

        /**
         * Adds a guest at 198.51.100.&lt;hostOctet&gt;/24, the host's subnet, for any vmid from 100
         * (e.g. the demo inventory's vmid 200 at 198.51.100.200). The octet must be 2..200: .1 is
         * the router, .201 up the MX addresses, .250 the host.
         */
        public Builder guestInSubnet(int vmid, int hostOctet) {
            if (hostOctet < 2 || hostOctet > 200) {
                throw new IllegalArgumentException(
                        "in-subnet guest octet must be 2..200, was " + hostOctet);
            }
            return guest(vmid, true, hostOctet);
        }

        /**
         * Adds a guest at 203.0.113.&lt;hostOctet&gt;/24, outside the host's subnet, for any vmid
         * from 100 (e.g. the demo inventory's vmid 102 at 203.0.113.5). The octet must be 2..254:
         * .1 is the router.
         */
        public Builder guestOutOfSubnet(int vmid, int hostOctet) {
            if (hostOctet < 2 || hostOctet > 254) {
                throw new IllegalArgumentException(
                        "out-of-subnet guest octet must be 2..254, was " + hostOctet);
            }
            return guest(vmid, false, hostOctet);
        }

        /**
         * Sets how many MX addresses (from 198.51.100.201 up) accept, refuse (no listener, RST) and
         * drop SYNs (nft drop in {@code inet}); at most 49 in total.
         */
        public Builder mx(int accepting, int refusing, int dropping) {
            if (accepting < 1 || refusing < 0 || dropping < 0) {
                throw new IllegalArgumentException(
                        "mx counts must be accepting >= 1, refusing >= 0, dropping >= 0, were "
                                + accepting
                                + "/"
                                + refusing
                                + "/"
                                + dropping);
            }
            if (accepting + refusing + dropping > 49) {
                throw new IllegalArgumentException(
                        "at most 49 MX addresses (198.51.100.201-249), asked for "
                                + (accepting + refusing + dropping));
            }
            this.accepting = accepting;
            this.refusing = refusing;
            this.dropping = dropping;
            return this;
        }

        private static void checkDerivedVmid(int vmid) {
            if (vmid < 100 || vmid > 199) {
                throw new IllegalArgumentException(
                        "lab vmid must be 100..199 when the address is derived from it, was "
                                + vmid);
            }
        }

        static String address(boolean inSubnet, int hostOctet) {
            return (inSubnet ? "198.51.100." : "203.0.113.") + hostOctet;
        }

        private Builder guest(int vmid, boolean inSubnet, int hostOctet) {
            return guest(vmid, inSubnet, hostOctet, false);
        }

        private Builder guest(int vmid, boolean inSubnet, int hostOctet, boolean v6Only) {
            // tap<vmid>i0 must fit in 15 characters.
            if (vmid < 100 || vmid > 999_999_999) {
                throw new IllegalArgumentException("lab vmid must be 100..999999999, was " + vmid);
            }
            if (guests.stream().anyMatch(g -> g[0] == vmid)) {
                throw new IllegalArgumentException("duplicate lab vmid " + vmid);
            }
            String address = address(inSubnet, hostOctet);
            if (guests.stream().anyMatch(g -> address(g[1] == 1, g[2]).equals(address))) {
                throw new IllegalArgumentException("duplicate lab guest address " + address);
            }
            guests.add(new int[] {vmid, inSubnet ? 1 : 0, hostOctet, v6Only ? 1 : 0});
            return this;
        }

        /**
         * Creates the namespaces and links. On any failure everything created so far is torn down
         * before the exception propagates.
         *
         * @throws IllegalStateException when a prerequisite is missing (see {@link
         *     #missingPrerequisite()})
         */
        public Lab build() {
            Optional<String> missing = missingPrerequisite();
            if (missing.isPresent()) {
                throw new IllegalStateException("lab unavailable: " + missing.get());
            }
            Lab lab;
            try {
                lab = new Lab(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                lab.build();
                return lab;
            } catch (RuntimeException | Error e) {
                lab.close();
                throw e;
            }
        }
    }
}
