package dev.vpsguard.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code network} section: shipped values, defaults, and every bad value named. */
class NetworkPolicyTest {
    @Test
    void unixoAndPowerposFilterTheSensitivePortsWithinTheGuaranteedRate() {
        PolicySet set = PolicyLoader.loadBundled();
        for (String id : new String[] {"unixo-cloud", "powerpos-vps"}) {
            NetworkPolicy.Filters f = set.contract(id).orElseThrow().network().filters();
            assertThat(f.outboundTcp()).as(id).containsExactly("23", "135-139", "445", "6667");
            assertThat(f.udp()).isEqualTo(new NetworkPolicy.Limit(20_000, 40_000));
            assertThat(f.icmp()).isEqualTo(new NetworkPolicy.Limit(100, 200));
            assertThat(f.clause()).startsWith(set.contract(id).orElseThrow().title() + ", ");
        }
        // The other contracts allow no filter.
        assertThat(set.contract("mtds-cloud").orElseThrow().network().filters().any()).isFalse();
        assertThat(set.contract("default").orElseThrow().network())
                .isEqualTo(PolicyDefaults.NETWORK);
    }

    @Test
    void leftOutTheSectionTakesTheDefaultsAndSubRulesCiteTheScansClause() {
        ContractPolicy p =
                PolicyLoader.parse(
                        "x.yml",
                        """
                        contract: x
                        network:
                          scans:
                            clause: "X, Art. 8"
                            horizontal:
                              min_destinations: 100
                            baseline:
                              time_constant: 2h
                        """);
        NetworkPolicy.Scans s = p.network().scans();
        assertThat(s.horizontal().minDestinations()).isEqualTo(100);
        assertThat(s.horizontal().ceilingDestinations()).isEqualTo(512);
        assertThat(s.horizontal().clause()).isEqualTo("X, Art. 8");
        assertThat(s.bruteForce().ports()).contains(22, 3389);
        assertThat(s.baseline().timeConstant()).isEqualTo(Duration.ofHours(2));
        assertThat(p.network().filters().any()).isFalse();
    }

    @Test
    void everyBadValueNamesFileKeyAndReason() {
        bad(
                "network:\n  scans:\n    clause: c\n    horizontal:\n      min_destinations: 600\n      ceiling_destinations: 100\n",
                "network.scans.horizontal.ceiling_destinations",
                "must be at least min_destinations");
        bad(
                "network:\n  scans:\n    clause: c\n    brute_force:\n      ports: [22, 70000]\n",
                "network.scans.brute_force.ports[1]",
                "1..65535");
        bad(
                "network:\n  scans:\n    clause: c\n    min_failure_ratio: 2\n",
                "network.scans.min_failure_ratio",
                "");
        bad(
                "network:\n  filters:\n    outbound_tcp: [\"23\"]\n",
                "network.filters.clause",
                "every rule must cite the contract clause");
        bad(
                "network:\n  filters:\n    clause: c\n    outbound_tcp: [\"139-135\"]\n",
                "network.filters.outbound_tcp[0]",
                "a port or a range like 135-139");
        bad(
                "network:\n  filters:\n    clause: c\n    icmp_limit:\n      burst_packets: 5\n",
                "network.filters.icmp_limit.packets_per_sec",
                "required");
        bad(
                "network:\n  filters:\n    clause: c\n    udp_limit:\n      packets_per_sec: 10\n      brust: 5\n",
                "network.filters.udp_limit.brust",
                "unknown key");
        bad(
                "resources:\n  packets:\n    max_per_sec: 5000\n    clause: c\n",
                "resources.packets.max_per_sec",
                "undercuts the guaranteed bandwidth (R4): 5000 packets/s of 1500 bytes is 60.0");
    }

    private static void bad(String body, String key, String reason) {
        assertThatThrownBy(() -> PolicyLoader.parse("bad.yml", "contract: bad\n" + body))
                .isInstanceOfSatisfying(
                        PolicyException.class,
                        e -> {
                            assertThat(e.file()).isEqualTo("bad.yml");
                            assertThat(e.key()).isEqualTo(key);
                        })
                .hasMessageContaining(reason);
    }
}
