package dev.vpsguard.agent.enforce;

import static dev.vpsguard.agent.enforce.EnforceFixtures.CONFIG;
import static dev.vpsguard.agent.enforce.EnforceFixtures.GUESTS;
import static dev.vpsguard.agent.enforce.EnforceFixtures.filter;
import static dev.vpsguard.agent.enforce.EnforceFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.PacketLimit;
import dev.vpsguard.protocol.PortFilter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Port filters and UDP/ICMP limits applied by nft in a throwaway namespace: the kernel takes them,
 * listing them back is not drift, and a hand flush of a guest's chain is repaired like the SMTP
 * block's tables.
 */
class TrafficFilterNamespaceTest {
    @Test
    void filtersApplyListBackUnchangedAndAHandFlushIsRepaired() {
        try (Netns ns = Netns.create()) {
            NftablesApplier applier = new NftablesApplier(ns.runner);
            String script =
                    NftablesRenderer.render(
                            state(
                                    1,
                                    filter(
                                            "f102",
                                            102,
                                            new PortFilter(
                                                    List.of("23", "135-139", "445", "6667"),
                                                    List.of("135-139"),
                                                    List.of("3389"),
                                                    null),
                                            new PacketLimit(1000, 200),
                                            new PacketLimit(20, 40))),
                            GUESTS,
                            CONFIG,
                            Map.of());

            CommandRunner.CommandResult applied = applier.apply(script);
            assertThat(applied.ok()).as(applied.describe()).isTrue();
            assertThat(applier.repairDrift()).isEmpty();
            String chain = ns.sh("nft list chain bridge vpsguard guest_102_out");
            assertThat(chain)
                    .contains("tcp dport { 23, 135-139, 445, 6667 } drop")
                    .contains("limit rate over 1000/second burst 200 packets drop");

            ns.sh("nft flush chain bridge vpsguard guest_102_out");
            assertThat(applier.repairDrift()).hasSize(1).first().asString().startsWith("bridge");
            assertThat(ns.sh("nft list chain bridge vpsguard guest_102_out")).isEqualTo(chain);

            ns.sh("nft delete element bridge vpsguard guest_in '{ \"tap102i1\" }'");
            assertThat(applier.repairDrift()).hasSize(1);
            assertThat(ns.sh("nft list map bridge vpsguard guest_in"))
                    .contains("\"tap102i1\" : jump guest_102_in");
            assertThat(applier.cleanup().ok()).isTrue();
        }
    }
}
