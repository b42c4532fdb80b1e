package dev.vpsguard.agent.config;

import static dev.vpsguard.agent.config.AgentConfigLoader.quote;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Applies defaults to a {@link RawConfig} and checks every value; the first error wins. */
final class ConfigValidator {
    static final long MIB = 1024L * 1024L;
    private static final Pattern NIC_ID = Pattern.compile("net[0-9]{1,3}");
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
    // Linux interface names: at most 15 bytes (IFNAMSIZ - 1), no slash, colon or whitespace.
    static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_.\\-]{1,15}");
    private static final Pattern IPV4 =
            Pattern.compile(
                    "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
                            + "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    private final String file;

    ConfigValidator(String file) {
        this.file = file;
    }

    AgentConfig validate(RawConfig raw) throws ConfigException {
        AgentConfig.Server server = server(raw.server());
        int interval = range("intervalSeconds", raw.intervalSeconds(), 5, 1, 300);
        Path hostRoot = absolutePath("hostRoot", raw.hostRoot(), "/");
        if (!Files.isDirectory(hostRoot)) {
            throw error("hostRoot", quote(raw.hostRoot()), "is not a directory");
        }
        AgentConfig.Inventory inventory = inventory(raw.inventory());
        RawConfig.Spool rs =
                raw.spool() == null ? new RawConfig.Spool(null, null, null) : raw.spool();
        AgentConfig.Spool spool =
                new AgentConfig.Spool(
                        absolutePath("spool.dir", rs.dir(), "/var/lib/vpsguard/spool"),
                        rangeLong(
                                "spool.maxBytes", rs.maxBytes(), 64 * MIB, MIB, 1024 * 1024 * MIB),
                        range("spool.maxRejected", rs.maxRejected(), 100, 0, 100_000));
        RawConfig.Metrics rm =
                raw.metrics() == null ? new RawConfig.Metrics(null, null) : raw.metrics();
        AgentConfig.Metrics metrics =
                new AgentConfig.Metrics(
                        ipLiteral("metrics.bind", rm.bind() == null ? "127.0.0.1" : rm.bind()),
                        range("metrics.port", rm.port(), 9477, 1, 65535));
        Path stateDir = absolutePath("stateDir", raw.stateDir(), "/var/lib/vpsguard");
        AgentConfig.Enforcement enforcement =
                new EnforcementValidator(file, this).validate(raw.enforcement(), inventory.mode());
        AgentConfig.Smtp smtp =
                new SmtpValidator(file, this)
                        .validate(raw.smtp(), inventory.mode(), enforcement.enabled());
        return new AgentConfig(
                server,
                Duration.ofSeconds(interval),
                hostRoot,
                inventory,
                spool,
                metrics,
                stateDir,
                enforcement,
                smtp);
    }

    private AgentConfig.Server server(RawConfig.Server s) throws ConfigException {
        if (s == null || s.url() == null) {
            throw error(
                    "server.url",
                    null,
                    "is required (the vpsguard server's base URL, e.g. https://vpsguard.example.net)");
        }
        URI url = url(s.url());
        Path caFile = s.caFile() == null ? null : absolutePath("server.caFile", s.caFile(), null);
        if (caFile != null && !Files.isReadable(caFile)) {
            throw error(
                    "server.caFile", quote(s.caFile()), "file does not exist or is not readable");
        }
        if (caFile != null && !"https".equals(url.getScheme())) {
            throw error(
                    "server.caFile", quote(s.caFile()), "is only used with an https server.url");
        }
        return new AgentConfig.Server(
                url,
                absolutePath(
                        "server.credentialFile", s.credentialFile(), "/etc/vpsguard/credential"),
                caFile,
                Duration.ofSeconds(
                        range(
                                "server.connectTimeoutSeconds",
                                s.connectTimeoutSeconds(),
                                5,
                                1,
                                120)),
                Duration.ofSeconds(
                        range("server.readTimeoutSeconds", s.readTimeoutSeconds(), 15, 1, 300)));
    }

    /** Checks a server base URL; returns it without a trailing slash. */
    URI url(String text) throws ConfigException {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw error("server.url", quote(text), "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw error("server.url", quote(text), "must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw error("server.url", quote(text), "has no host name");
        }
        if (uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw error(
                    "server.url", quote(text), "must not carry a query, fragment or user:password");
        }
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    private AgentConfig.Inventory inventory(RawConfig.Inventory inv) throws ConfigException {
        String mode = inv == null || inv.mode() == null ? "proxmox" : inv.mode();
        List<RawConfig.Guest> guests =
                inv == null || inv.guests() == null ? List.of() : inv.guests();
        switch (mode) {
            case "proxmox":
                if (!guests.isEmpty()) {
                    throw error(
                            "inventory.guests",
                            "(" + guests.size() + " guests)",
                            "is only used when inventory.mode is static");
                }
                return new AgentConfig.Inventory(AgentConfig.InventoryMode.PROXMOX, List.of());
            case "static":
                return new AgentConfig.Inventory(AgentConfig.InventoryMode.STATIC, guests(guests));
            default:
                throw error("inventory.mode", quote(mode), "must be proxmox or static");
        }
    }

    private List<Guest> guests(List<RawConfig.Guest> raw) throws ConfigException {
        List<Guest> out = new ArrayList<>();
        Set<Integer> vmids = new HashSet<>();
        Set<String> ifaces = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String key = "inventory.guests[" + i + "]";
            RawConfig.Guest g = raw.get(i);
            if (g == null) {
                throw error(key, "(empty)", "must be a guest with at least vmid and kind");
            }
            if (g.vmid() == null) {
                throw error(key + ".vmid", null, "is required");
            }
            int vmid = range(key + ".vmid", g.vmid(), 0, 100, 999_999_999);
            if (!vmids.add(vmid)) {
                throw error(
                        key + ".vmid", String.valueOf(vmid), "is already used by another guest");
            }
            GuestKind kind;
            try {
                kind = GuestKind.fromWire(g.kind());
            } catch (IllegalArgumentException e) {
                throw error(key + ".kind", quote(g.kind()), "must be qemu or lxc");
            }
            if (g.name() != null && g.name().isBlank()) {
                throw error(key + ".name", quote(g.name()), "must not be blank");
            }
            Integer cores = g.cores() == null ? null : range(key + ".cores", g.cores(), 0, 1, 4096);
            Long memory =
                    g.memoryMiB() == null
                            ? null
                            : rangeLong(key + ".memoryMiB", g.memoryMiB(), 0, 1, 64L * 1024 * 1024)
                                    * MIB;
            List<GuestNic> nics = new ArrayList<>();
            List<RawConfig.Nic> rawNics = g.nics() == null ? List.of() : g.nics();
            for (int n = 0; n < rawNics.size(); n++) {
                GuestNic nic = nic(key + ".nics[" + n + "]", rawNics.get(n));
                if (!ifaces.add(nic.iface())) {
                    throw error(
                            key + ".nics[" + n + "].iface",
                            quote(nic.iface()),
                            "is already used by another nic");
                }
                nics.add(nic);
            }
            out.add(new Guest(vmid, kind, g.name(), true, cores, memory, nics));
        }
        out.sort(Comparator.comparingInt(Guest::vmid));
        return out;
    }

    private GuestNic nic(String key, RawConfig.Nic n) throws ConfigException {
        if (n == null) {
            throw error(key, "(empty)", "must be a nic with at least id and iface");
        }
        if (n.id() == null || !NIC_ID.matcher(n.id()).matches()) {
            throw error(key + ".id", quote(n.id()), "must be the Proxmox key, net0 to net999");
        }
        if (n.iface() == null || !IFACE.matcher(n.iface()).matches()) {
            throw error(
                    key + ".iface",
                    quote(n.iface()),
                    "must be a host interface name, 1 to 15 characters (e.g. tap101i0)");
        }
        if (n.mac() != null && !MAC.matcher(n.mac()).matches()) {
            throw error(
                    key + ".mac", quote(n.mac()), "must be a MAC address like bc:24:11:00:00:01");
        }
        if (n.bridge() != null && !IFACE.matcher(n.bridge()).matches()) {
            throw error(
                    key + ".bridge", quote(n.bridge()), "must be an interface name (e.g. vmbr0)");
        }
        List<String> ips = new ArrayList<>();
        List<String> raw = n.ips() == null ? List.of() : n.ips();
        for (int i = 0; i < raw.size(); i++) {
            ips.add(ipLiteral(key + ".ips[" + i + "]", raw.get(i)).getHostAddress());
        }
        return new GuestNic(
                n.id(),
                n.iface(),
                n.mac() == null ? null : n.mac().toLowerCase(Locale.ROOT),
                n.bridge(),
                n.firewall() != null && n.firewall(),
                ips);
    }

    /** An IPv4 or IPv6 literal; never resolves a name. */
    InetAddress ipLiteral(String key, String text) throws ConfigException {
        boolean literal =
                text != null
                        && (IPV4.matcher(text).matches()
                                || (text.contains(":") && IPV6_CHARS.matcher(text).matches()));
        if (literal) {
            try {
                // Only literals reach here, so this never does a DNS lookup.
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                // fall through to the error below
            }
        }
        throw error(key, quote(text), "must be an IPv4 or IPv6 address without prefix length");
    }

    int range(String key, Integer value, int dflt, int min, int max) throws ConfigException {
        if (value == null) {
            return dflt;
        }
        if (value < min || value > max) {
            throw error(key, String.valueOf(value), "must be between " + min + " and " + max);
        }
        return value;
    }

    private long rangeLong(String key, Long value, long dflt, long min, long max)
            throws ConfigException {
        if (value == null) {
            return dflt;
        }
        if (value < min || value > max) {
            throw error(key, String.valueOf(value), "must be between " + min + " and " + max);
        }
        return value;
    }

    private Path absolutePath(String key, String value, String dflt) throws ConfigException {
        String text = value == null ? dflt : value;
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            throw error(key, quote(value), "is not a valid path: " + e.getReason());
        }
        if (!p.isAbsolute()) {
            throw error(key, quote(value), "must be an absolute path");
        }
        return p.normalize();
    }

    private ConfigException error(String key, String value, String reason) {
        return new ConfigException(file, key, value, reason);
    }
}
