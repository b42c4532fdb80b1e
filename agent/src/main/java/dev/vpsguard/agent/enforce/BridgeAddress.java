package dev.vpsguard.agent.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The host's addresses on a bridge: the default addresses of the notice responder. Read from {@code
 * ip -j -4|-6 addr show dev <bridge>}.
 */
public final class BridgeAddress {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BridgeAddress() {}

    /**
     * The first global IPv4 address in an {@code ip -j -4 addr} listing.
     *
     * @return the address, or empty when there is none or the text is not such a listing
     */
    public static Optional<String> firstIpv4(String ipJson) {
        return first(ipJson, "inet");
    }

    /**
     * The first global IPv6 address in an {@code ip -j -6 addr} listing, skipping link-local,
     * temporary (privacy), deprecated and duplicate ({@code dadfailed}) addresses. A tentative
     * address is taken: it becomes usable once duplicate address detection ends, and the responder
     * retries binding it every cycle.
     *
     * @return the address, or empty when there is none or the text is not such a listing
     */
    public static Optional<String> firstIpv6(String ipJson) {
        return first(ipJson, "inet6");
    }

    private static Optional<String> first(String ipJson, String family) {
        JsonNode root;
        try {
            root = JSON.readTree(ipJson);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null || !root.isArray()) {
            return Optional.empty();
        }
        for (JsonNode link : root) {
            for (JsonNode a : link.path("addr_info")) {
                boolean usable =
                        "inet".equals(family)
                                ? !"host".equals(a.path("scope").asText())
                                : "global".equals(a.path("scope").asText())
                                        && !a.path("temporary").asBoolean()
                                        && !a.path("deprecated").asBoolean()
                                        && !a.path("dadfailed").asBoolean();
                if (family.equals(a.path("family").asText())
                        && usable
                        && a.path("local").isTextual()) {
                    try {
                        return Optional.of(Cidr.parse(a.path("local").asText()).address());
                    } catch (IllegalArgumentException e) {
                        // Not an address: look further.
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Looks the address up on the host.
     *
     * @throws IOException naming the bridge and why when there is no address
     */
    public static String of(CommandRunner runner, String bridge) throws IOException {
        CommandRunner.CommandResult r =
                runner.run(List.of("ip", "-j", "-4", "addr", "show", "dev", bridge));
        if (!r.ok()) {
            throw new IOException(
                    "enforcement.responderAddress is not set and bridge "
                            + bridge
                            + " cannot be read: "
                            + r.describe());
        }
        return firstIpv4(r.stdout())
                .orElseThrow(
                        () ->
                                new IOException(
                                        "enforcement.responderAddress is not set and bridge "
                                                + bridge
                                                + " has no IPv4 address; set it to the host's"
                                                + " address on the guests' bridge"));
    }

    /**
     * The bridge's IPv6 address, if it has one; a bridge that cannot be read has none (the IPv4
     * lookup already reports a missing bridge).
     */
    public static Optional<String> ipv6Of(CommandRunner runner, String bridge) {
        CommandRunner.CommandResult r =
                runner.run(List.of("ip", "-j", "-6", "addr", "show", "dev", bridge));
        return r.ok() ? firstIpv6(r.stdout()) : Optional.empty();
    }
}
