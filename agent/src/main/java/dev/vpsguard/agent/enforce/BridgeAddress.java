package dev.vpsguard.agent.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The host's IPv4 address on a bridge: the default address of the notice responder. Read from
 * {@code ip -j -4 addr show dev <bridge>}.
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
                if ("inet".equals(a.path("family").asText())
                        && !"host".equals(a.path("scope").asText())
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
}
