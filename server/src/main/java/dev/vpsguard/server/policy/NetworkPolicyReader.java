package dev.vpsguard.server.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.FieldViolation;
import dev.vpsguard.protocol.PortFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code network} section of a policy file (R6 scans, R7 filters), and checks that no
 * limit undercuts the guaranteed bandwidth floor of the same file (R4).
 */
final class NetworkPolicyReader {
    /**
     * The largest packet an Ethernet guest sends without jumbo frames: a packet-rate limit lets at
     * most this many bytes per packet through, so it is what the floor is measured against.
     */
    static final long FULL_PACKET_BYTES = 1500;

    private NetworkPolicyReader() {}

    static NetworkPolicy read(YamlSection s, ResourcePolicy resources) {
        NetworkPolicy d = PolicyDefaults.NETWORK;
        NetworkPolicy.Scans scans = scans(s.section("scans"), d.scans());
        NetworkPolicy.Filters filters = filters(s.section("filters"), d.filters(), resources);
        s.finish();
        floor(s, "resources.packets.max_per_sec", resources.packets().maxPerSec(), resources);
        return new NetworkPolicy(scans, filters);
    }

    private static NetworkPolicy.Scans scans(YamlSection s, NetworkPolicy.Scans d) {
        String clause = s.clause(d.clause());
        YamlSection h = s.section("horizontal");
        long hMin = h.integer("min_destinations", d.horizontal().minDestinations(), 2, 1_000_000);
        long hCeil =
                h.integer(
                        "ceiling_destinations",
                        Math.max(hMin, d.horizontal().ceilingDestinations()),
                        2,
                        1_000_000);
        if (hCeil < hMin) {
            throw h.fail("ceiling_destinations", hCeil, "must be at least min_destinations");
        }
        var horizontal = new NetworkPolicy.Horizontal(hMin, hCeil, h.text("clause", clause));
        h.finish();
        YamlSection v = s.section("vertical");
        long vMin = v.integer("min_ports", d.vertical().minPorts(), 2, 65_536);
        long vCeil =
                v.integer("ceiling_ports", Math.max(vMin, d.vertical().ceilingPorts()), 2, 65_536);
        if (vCeil < vMin) {
            throw v.fail("ceiling_ports", vCeil, "must be at least min_ports");
        }
        var vertical = new NetworkPolicy.Vertical(vMin, vCeil, v.text("clause", clause));
        v.finish();
        YamlSection b = s.section("brute_force");
        Set<Integer> ports = new LinkedHashSet<>();
        List<JsonNode> given = b.list("ports");
        if (!b.has("ports")) {
            ports.addAll(d.bruteForce().ports());
        }
        for (int i = 0; i < given.size(); i++) {
            JsonNode p = given.get(i);
            if (!p.isIntegralNumber() || p.asLong() < 1 || p.asLong() > 65_535) {
                throw b.fail("ports[" + i + "]", p.asText(), "must be a TCP port, 1..65535");
            }
            ports.add(p.asInt());
        }
        var brute =
                new NetworkPolicy.BruteForce(
                        Set.copyOf(ports),
                        b.integer("min_attempts", d.bruteForce().minAttempts(), 2, 1_000_000),
                        b.text("clause", clause));
        b.finish();
        YamlSection bl = s.section("baseline");
        var baseline =
                new NetworkPolicy.Baseline(
                        bl.number("multiple", d.baseline().multiple(), 1.5, 1000),
                        bl.duration(
                                "time_constant",
                                d.baseline().timeConstant(),
                                Duration.ofMinutes(10)));
        bl.finish();
        var scans =
                new NetworkPolicy.Scans(
                        horizontal,
                        vertical,
                        brute,
                        s.number("min_failure_ratio", d.minFailureRatio(), 0.05, 1),
                        baseline,
                        clause);
        s.finish();
        return scans;
    }

    private static NetworkPolicy.Filters filters(
            YamlSection s, NetworkPolicy.Filters d, ResourcePolicy resources) {
        if (!s.present()) {
            return d;
        }
        String clause = s.clause(d.clause());
        var filters =
                new NetworkPolicy.Filters(
                        ports(s, "outbound_tcp"),
                        ports(s, "outbound_udp"),
                        ports(s, "inbound_tcp"),
                        ports(s, "inbound_udp"),
                        limit(s.section("udp_limit")),
                        limit(s.section("icmp_limit")),
                        clause);
        s.finish();
        if (filters.udp() != null) {
            // UDP carries customers' data (QUIC, VPNs, streaming): its limit may not hold a guest
            // below its guaranteed rate. ICMP carries none, so its limit is not compared.
            floor(s, s.key("udp_limit.packets_per_sec"), filters.udp().packetsPerSec(), resources);
        }
        return filters;
    }

    private static List<String> ports(YamlSection s, String key) {
        List<String> out = new ArrayList<>();
        List<JsonNode> given = s.list(key);
        for (int i = 0; i < given.size(); i++) {
            JsonNode p = given.get(i);
            String text = p.isIntegralNumber() ? Long.toString(p.asLong()) : p.asText();
            try {
                new PortFilter(List.of(text), null, null, null);
            } catch (FieldViolation e) {
                throw s.fail(key + "[" + i + "]", text, "must be a port or a range like 135-139");
            }
            out.add(text);
        }
        if (out.size() > 64) {
            throw s.fail(key, out.size() + " entries", "at most 64 ports or ranges");
        }
        return out;
    }

    private static NetworkPolicy.Limit limit(YamlSection s) {
        if (!s.present()) {
            return null;
        }
        long rate = s.integer("packets_per_sec", 0, 1, 1_000_000_000);
        if (!s.has("packets_per_sec")) {
            throw s.fail("packets_per_sec", null, "required");
        }
        long burst = s.integer("burst_packets", Math.max(1, rate / 5), 1, 1_000_000_000);
        s.finish();
        return new NetworkPolicy.Limit(rate, burst);
    }

    /** A packet rate that, at full-size packets, is below the guaranteed floor fails the file. */
    private static void floor(
            YamlSection s, String key, double packetsPerSec, ResourcePolicy resources) {
        double mbit = packetsPerSec * FULL_PACKET_BYTES * 8 / 1_000_000;
        double floor = resources.egress().throttleFloorMbitPerSec();
        if (mbit < floor) {
            throw new PolicyException(
                    s.file(),
                    key,
                    (long) packetsPerSec,
                    String.format(
                            java.util.Locale.ROOT,
                            "undercuts the guaranteed bandwidth (R4): %d packets/s of %d bytes is"
                                    + " %.1f Mbit/s, below resources.egress"
                                    + ".throttle_floor_mbit_per_sec (%s); at least %d packets/s",
                            (long) packetsPerSec,
                            FULL_PACKET_BYTES,
                            mbit,
                            plain(floor),
                            (long) Math.ceil(floor * 1_000_000 / 8 / FULL_PACKET_BYTES)));
        }
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
