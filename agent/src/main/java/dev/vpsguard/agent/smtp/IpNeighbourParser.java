package dev.vpsguard.agent.smtp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code ip -j neigh show} (iproute2 6.x), IPv4 and IPv6 alike:
 *
 * <pre>
 * [{"dst":"198.51.100.101","dev":"vmbr0","lladdr":"8e:1e:fe:71:51:14","state":["REACHABLE"]}, …]
 * </pre>
 *
 * Entries without {@code dst} or {@code dev} are skipped. Pure and thread-safe.
 */
public final class IpNeighbourParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IpNeighbourParser() {}

    /**
     * The entries in {@code json}.
     *
     * @throws IllegalArgumentException when {@code json} is not a JSON array
     */
    public static List<NeighbourEntry> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "ip -j neigh output is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("ip -j neigh output is not a JSON array");
        }
        List<NeighbourEntry> entries = new ArrayList<>();
        for (JsonNode node : root) {
            String dst = text(node, "dst");
            String dev = text(node, "dev");
            if (dst == null || dev == null) {
                continue;
            }
            String lladdr = text(node, "lladdr");
            List<String> states = new ArrayList<>();
            for (JsonNode state : node.path("state")) {
                if (state.isTextual()) {
                    states.add(state.asText());
                }
            }
            entries.add(
                    new NeighbourEntry(
                            dst,
                            dev,
                            lladdr == null ? null : lladdr.toLowerCase(Locale.ROOT),
                            states));
        }
        return entries;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
