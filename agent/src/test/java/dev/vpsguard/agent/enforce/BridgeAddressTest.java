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
