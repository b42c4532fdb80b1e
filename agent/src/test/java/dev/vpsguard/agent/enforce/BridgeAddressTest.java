package dev.vpsguard.agent.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BridgeAddressTest {
    /** {@code ip -j -4 addr show dev vmbr0} on iproute2 6.1 (trimmed). */
    static final String VMBR0 =
            "[{\"ifindex\":3,\"ifname\":\"vmbr0\",\"flags\":[\"BROADCAST\",\"UP\"],\"addr_info\":"
                    + "[{\"family\":\"inet\",\"local\":\"198.51.100.250\",\"prefixlen\":24,"
                    + "\"scope\":\"global\",\"label\":\"vmbr0\"},"
                    + "{\"family\":\"inet\",\"local\":\"203.0.113.9\",\"prefixlen\":32,"
                    + "\"scope\":\"global\"}]}]";

    @Test
    void theFirstGlobalIpv4AddressIsTheResponderAddress() {
        assertThat(BridgeAddress.firstIpv4(VMBR0)).hasValue("198.51.100.250");
    }

    /**
     * {@code ip -j -6 addr show dev vmbr0} on iproute2 6.1, kernel 6.18, right after adding
     * 2001:db8:100::250/64 (still tentative) and a temporary address (trimmed to the fields read).
     */
    static final String VMBR0_V6 =
            "[{\"ifindex\":2,\"ifname\":\"vmbr0\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\","
                    + "\"LOWER_UP\"],\"addr_info\":["
                    + "{\"family\":\"inet6\",\"local\":\"2001:db8:100::77\",\"prefixlen\":64,"
                    + "\"scope\":\"global\",\"temporary\":true,\"dynamic\":true},"
                    + "{\"family\":\"inet6\",\"local\":\"2001:db8:100::250\",\"prefixlen\":64,"
                    + "\"scope\":\"global\",\"tentative\":true,\"valid_life_time\":4294967295},"
                    + "{\"family\":\"inet6\",\"local\":\"fe80::1c03:48ff:fece:7359\","
                    + "\"prefixlen\":64,\"scope\":\"link\",\"tentative\":true}]}]";

    @Test
    void theFirstStableGlobalIpv6AddressIsTheIpv6ResponderAddress() {
        assertThat(BridgeAddress.firstIpv6(VMBR0_V6)).hasValue("2001:db8:100::250");
        assertThat(BridgeAddress.firstIpv6(VMBR0)).as("IPv4 only").isEmpty();
        assertThat(
                        BridgeAddress.firstIpv6(
                                "[{\"addr_info\":[{\"family\":\"inet6\",\"local\":\"fe80::1\","
                                        + "\"scope\":\"link\"}]}]"))
                .as("link-local only")
                .isEmpty();
    }

    @Test
    void aBridgeThatCannotBeReadHasNoIpv6Address() {
        CommandRunner missing =
                (argv, stdin) ->
                        new CommandRunner.CommandResult(
                                String.join(" ", argv), 1, "", "Device \"vmbr9\" does not exist.");
        assertThat(BridgeAddress.ipv6Of(missing, "vmbr9")).isEmpty();
    }

    @Test
    void aBridgeWithoutIpv4HasNoAddress() {
        assertThat(BridgeAddress.firstIpv4("[{\"ifname\":\"vmbr0\",\"addr_info\":[]}]")).isEmpty();
        assertThat(BridgeAddress.firstIpv4("[]")).isEmpty();
        assertThat(BridgeAddress.firstIpv4("Device \"vmbr9\" does not exist.")).isEmpty();
    }

    @Test
    void lookupFailureNamesTheBridgeAndTheKeyToSet() {
        CommandRunner missing =
                (argv, stdin) ->
                        new CommandRunner.CommandResult(
                                String.join(" ", argv), 1, "", "Device \"vmbr9\" does not exist.");
        assertThatThrownBy(() -> BridgeAddress.of(missing, "vmbr9"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("vmbr9")
                .hasMessageContaining("enforcement.responderAddress");
        CommandRunner empty = (argv, stdin) -> new CommandRunner.CommandResult("ip", 0, "[]", "");
        assertThatThrownBy(() -> BridgeAddress.of(empty, "vmbr0"))
                .hasMessageContaining("has no IPv4 address");
    }

    @Test
    void lookupAsksIpForTheBridge() throws IOException {
        List<List<String>> asked = new java.util.ArrayList<>();
        CommandRunner ip =
                (argv, stdin) -> {
                    asked.add(argv);
                    return new CommandRunner.CommandResult("ip", 0, VMBR0, "");
                };
        assertThat(BridgeAddress.of(ip, "vmbr0")).isEqualTo("198.51.100.250");
        assertThat(asked)
                .containsExactly(List.of("ip", "-j", "-4", "addr", "show", "dev", "vmbr0"));
    }

    @Property
    void anyTextGivesAnAddressOrNothing(@ForAll String text) {
        BridgeAddress.firstIpv4(text).ifPresent(a -> assertThat(Cidr.parse(a).v6()).isFalse());
    }

    @Property
    void truncatedListingsGiveAnAddressOrNothing(@ForAll("cuts") int cut) {
        String text = VMBR0.substring(0, Math.min(cut, VMBR0.length()));
        BridgeAddress.firstIpv4(text).ifPresent(a -> assertThat(a).isEqualTo("198.51.100.250"));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> cuts() {
        return net.jqwik.api.Arbitraries.integers().between(0, VMBR0.length());
    }
}
