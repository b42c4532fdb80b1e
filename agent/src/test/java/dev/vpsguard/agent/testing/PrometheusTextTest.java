package dev.vpsguard.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of {@link PrometheusText} catch what the agent's metrics used to do. */
class PrometheusTextTest {
    @Test
    void flagsPercentPerSecondGaugesCountersWithoutTotalCreatedAndMissingHelp() {
        String old =
                """
                # HELP vpsguard_host_cpu_percent Busy share, percent.
                # TYPE vpsguard_host_cpu_percent gauge
                vpsguard_host_cpu_percent 12.5
                # HELP vpsguard_guest_net_tx_bytes_per_second Bytes/s.
                # TYPE vpsguard_guest_net_tx_bytes_per_second gauge
                vpsguard_guest_net_tx_bytes_per_second{vmid="101",} 5120.0
                # HELP vpsguard_x_total X.
                # TYPE vpsguard_x_total counter
                vpsguard_x_total 1.0
                vpsguard_x_created 1.7E9
                # HELP vpsguard_y Y.
                # TYPE vpsguard_y counter
                vpsguard_y 1.0
                # TYPE vpsguard_z gauge
                vpsguard_z 1.0
                vpsguard_z 2.0
                """;
        assertThat(PrometheusText.parse(old).problems())
                .anyMatch(p -> p.startsWith("vpsguard_host_cpu_percent: not a base unit"))
                .anyMatch(p -> p.startsWith("vpsguard_guest_net_tx_bytes_per_second: not a base"))
                .anyMatch(p -> p.startsWith("vpsguard_x_created: _created"))
                .anyMatch(p -> p.startsWith("vpsguard_y: a counter's name ends in _total"))
                .anyMatch(p -> p.startsWith("vpsguard_z: no # HELP"))
                .anyMatch(p -> p.contains("exposed twice"));
    }

    @Test
    void acceptsConventionalTextAndReadsValuesByLabels() {
        PrometheusText m =
                PrometheusText.parse(
                        """
                        # HELP vpsguard_agent_guest_cpu_seconds_total CPU, seconds.
                        # TYPE vpsguard_agent_guest_cpu_seconds_total counter
                        vpsguard_agent_guest_cpu_seconds_total{vmid="101",} 4.5
                        # HELP vpsguard_agent_guest_info Identity.
                        # TYPE vpsguard_agent_guest_info gauge
                        vpsguard_agent_guest_info{vmid="101",kind="qemu",name="a \\"b\\"",} 1.0
                        """);
        assertThat(m.problems()).isEmpty();
        assertThat(m.value("vpsguard_agent_guest_cpu_seconds_total", Map.of("vmid", "101")))
                .isEqualTo(4.5);
        assertThat(m.named("vpsguard_agent_guest_info").get(0).labels())
                .containsEntry("name", "a \\\"b\\\"");
    }
}
