package dev.vpsguard.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnforcementConfigTest {
    private static final String FILE = "/etc/vpsguard/agent.yml";
    private static final String STATIC =
            "server: {url: http://a}\ninventory: {mode: static, guests: []}\n";

    private static AgentConfig parse(String yaml) throws ConfigException {
        return AgentConfigLoader.parse(FILE, yaml);
    }

    @Test
    void proxmoxModeEnforcesWithQmAndTheDefaults() throws Exception {
        AgentConfig.Enforcement e = parse("server: {url: http://a}\n").enforcement();
        assertThat(e.enabled()).isTrue();
        assertThat(e.responderAddress()).isNull();
        assertThat(e.responderBridge()).isEqualTo("vmbr0");
        assertThat(e.responderPort()).isEqualTo(2525);
        assertThat(e.markBit()).isEqualTo(0x2000L);
        assertThat(e.routeTable()).isEqualTo(4025);
        assertThat(e.isolationAllowed()).isEmpty();
        assertThat(e.guestControl()).isEqualTo(AgentConfig.GuestControlMode.QM);
        assertThat(e.setBridgeNfCall()).isTrue();
    }

    @Test
    void staticModeDoesNotEnforceUnlessAsked() throws Exception {
        assertThat(parse(STATIC).enforcement().enabled()).isFalse();
        assertThat(parse(STATIC).enforcement().guestControl())
                .isEqualTo(AgentConfig.GuestControlMode.NONE);
        AgentConfig.Enforcement e =
                parse(
                                STATIC
                                        + "enforcement: {enabled: true, responderAddress: 198.51.100.250,"
                                        + " responderAddress6: '2001:db8::250',"
                                        + " responderPort: 2626, markBit: \"0x4000\", routeTable: 77,"
                                        + " isolationAllowed: [192.0.2.53, 2001:db8::/32],"
                                        + " guestControl: cgroup, setBridgeNfCall: false}\n")
                        .enforcement();
        assertThat(e.enabled()).isTrue();
        assertThat(e.responderAddress().getHostAddress()).isEqualTo("198.51.100.250");
        assertThat(e.responderAddress6().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:250");
        assertThat(e.responderPort()).isEqualTo(2626);
        assertThat(e.markBit()).isEqualTo(0x4000L);
        assertThat(e.routeTable()).isEqualTo(77);
        assertThat(e.isolationAllowed()).containsExactly("192.0.2.53", "2001:db8::/32");
        assertThat(e.guestControl()).isEqualTo(AgentConfig.GuestControlMode.CGROUP);
        assertThat(e.setBridgeNfCall()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "responderAddress: 127.0.0.1|enforcement.responderAddress|own IPv4 address",
                "responderAddress: 0.0.0.0|enforcement.responderAddress|not 0.0.0.0",
                "responderAddress: '2001:db8::1'|enforcement.responderAddress|IPv4",
                "responderAddress: vmbr0.example|enforcement.responderAddress|IPv4 or IPv6",
                "responderAddress6: 198.51.100.250|enforcement.responderAddress6|global IPv6",
                "responderAddress6: 'fe80::1'|enforcement.responderAddress6|link-local",
                "responderAddress6: '::1'|enforcement.responderAddress6|loopback",
                "responderBridge: 'vm br0'|enforcement.responderBridge|interface name",
                "responderPort: 0|enforcement.responderPort|1..65535",
                "markBit: '0x80000000'|enforcement.markBit|Proxmox",
                "markBit: '0x3000'|enforcement.markBit|exactly one bit",
                "markBit: lots|enforcement.markBit|number like 0x00002000",
                "routeTable: 254|enforcement.routeTable|not 253-255",
                "routeTable: 0|enforcement.routeTable|free routing table",
                "isolationAllowed: [192.0.2.1, 300.1.1.1]|enforcement.isolationAllowed[1]|CIDR",
                "guestControl: virsh|enforcement.guestControl|qm, cgroup or none",
                "colour: red|enforcement|unknown key",
            })
    void badValuesNameTheKeyAndTheReason(String entry, String key, String reason) {
        assertThatThrownBy(() -> parse(STATIC + "enforcement:\n  " + entry + "\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(FILE)
                .hasMessageContaining("'" + key)
                .hasMessageContaining(reason);
    }

    @Test
    void thePackagedDefaultsMatchTheBuiltInOnes() throws Exception {
        AgentConfig packaged =
                AgentConfigLoader.load(java.nio.file.Path.of("src/main/dist/agent.yml"));
        AgentConfig minimal = parse("server: {url: https://vpsguard.example.net}\n");
        assertThat(packaged.enforcement()).isEqualTo(minimal.enforcement());
        assertThat(packaged.enforcement().enabled()).isTrue();
    }
}
