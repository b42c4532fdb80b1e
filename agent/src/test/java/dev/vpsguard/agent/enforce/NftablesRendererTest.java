package dev.vpsguard.agent.enforce;

import static dev.vpsguard.agent.enforce.EnforceFixtures.CONFIG;
import static dev.vpsguard.agent.enforce.EnforceFixtures.GUESTS;
import static dev.vpsguard.agent.enforce.EnforceFixtures.block;
import static dev.vpsguard.agent.enforce.EnforceFixtures.cpu;
import static dev.vpsguard.agent.enforce.EnforceFixtures.filter;
import static dev.vpsguard.agent.enforce.EnforceFixtures.isolate;
import static dev.vpsguard.agent.enforce.EnforceFixtures.outboundTcp;
import static dev.vpsguard.agent.enforce.EnforceFixtures.state;
import static dev.vpsguard.agent.enforce.EnforceFixtures.suspend;
import static dev.vpsguard.agent.enforce.EnforceFixtures.throttleNet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.PacketLimit;
import dev.vpsguard.protocol.PortFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files for the rendered script. Regenerate after an intended change with {@code
 * -Dvpsguard.golden.update=true} and review the diff.
 */
class NftablesRendererTest {
    static final Path GOLDEN = Path.of("src/test/resources/nft/golden");

    static DesiredState mixed() {
        return state(
                7,
                block("b101", 101),
                block("b102", 102),
                throttleNet("t200", 200, 1_250_000L, 2000L),
                throttleNet("t101", 101, null, 500L),
                isolate("i200", 200, "192.0.2.53", "2001:db8:53::/48"),
                cpu("c101", 101, 1.5),
                suspend("s102", 102));
    }

    static Stream<Arguments> cases() {
        EnforcementConfig common =
                CONFIG.withIsolationAllowed(
                        List.of(Cidr.parse("192.0.2.0/24"), Cidr.parse("2001:db8:ffff::1")));
        return Stream.of(
                Arguments.of("empty", state(0), CONFIG, Map.of()),
                Arguments.of("smtp_block", state(1, block("b101", 101)), CONFIG, Map.of()),
                Arguments.of(
                        "smtp_block_v6",
                        state(1, block("b101", 101)),
                        CONFIG.withResponderV6("2001:db8::250"),
                        Map.of()),
                Arguments.of(
                        "smtp_block_fallback_drop",
                        state(1, block("b101", 101), block("b102", 102)),
                        CONFIG.withNoticeAvailable(false),
                        Map.of()),
                Arguments.of(
                        "throttle_net",
                        state(2, throttleNet("t102", 102, 1_000_000L, 1000L)),
                        CONFIG,
                        Map.of()),
                Arguments.of(
                        "isolate",
                        state(
                                3,
                                isolate(
                                        "i101",
                                        101,
                                        "198.51.100.0/24",
                                        "198.51.100.7",
                                        "2001:db8::53")),
                        common,
                        Map.of()),
                Arguments.of(
                        "cpu_and_suspend_only",
                        state(4, cpu("c101", 101, 2), suspend("s200", 200)),
                        CONFIG,
                        Map.of()),
                Arguments.of(
                        "port_filter",
                        state(
                                5,
                                filter(
                                        "f101",
                                        101,
                                        new PortFilter(
                                                List.of("23", "135-139", "445", "6667"),
                                                List.of("135-139"),
                                                List.of("3389"),
                                                List.of("161")),
                                        null,
                                        null)),
                        CONFIG,
                        Map.of()),
                Arguments.of(
                        "udp_limit",
                        state(5, filter("u102", 102, null, new PacketLimit(2000, 500), null)),
                        CONFIG,
                        Map.of()),
                Arguments.of(
                        "icmp_limit",
                        state(5, filter("p200", 200, null, null, new PacketLimit(50, 100))),
                        CONFIG,
                        Map.of()),
                Arguments.of(
                        "traffic_filter_with_smtp_block_and_isolation",
                        state(
                                6,
                                block("b101", 101),
                                isolate("i102", 102, "192.0.2.53"),
                                filter("f101", 101, outboundTcp("23", "445"), null, null),
                                filter(
                                        "f102",
                                        102,
                                        outboundTcp("6667"),
                                        new PacketLimit(1000, 200),
                                        new PacketLimit(20, 40))),
                        common,
                        Map.of()),
                Arguments.of(
                        "mixed",
                        mixed(),
                        common.withResponderV6("2001:db8::250"),
                        Map.of(102, "no route back to 203.0.113.5")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersTheGoldenScript(
            String name,
            DesiredState state,
            EnforcementConfig config,
            Map<Integer, String> unreachable)
            throws IOException {
        String rendered = NftablesRenderer.render(state, GUESTS, config, unreachable);
        Path file = GOLDEN.resolve(name + ".nft");
        if (Boolean.getBoolean("vpsguard.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, rendered, StandardCharsets.UTF_8);
        }
        assertThat(rendered).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void outputDoesNotDependOnActionOrder() {
        String expected = NftablesRenderer.render(mixed(), GUESTS, CONFIG, Map.of());
        List<DesiredAction> shuffled = new ArrayList<>(mixed().actions());
        Collections.shuffle(shuffled, new Random(42));
        DesiredState reordered = new DesiredState(7, EnforceFixtures.T0, shuffled);
        List<dev.vpsguard.agent.inventory.Guest> guests = new ArrayList<>(GUESTS);
        Collections.reverse(guests);
        assertThat(NftablesRenderer.render(reordered, guests, CONFIG, Map.of()))
                .isEqualTo(expected);
    }

    @Test
    void replacesEachOwnTableAndNoOther() {
        String script = NftablesRenderer.render(mixed(), GUESTS, CONFIG, Map.of());
        for (String table : NftablesRenderer.TABLES) {
            assertThat(script)
                    .contains(
                            "table "
                                    + table
                                    + " {}\ndelete table "
                                    + table
                                    + "\ntable "
                                    + table
                                    + " {\n");
        }
        assertThat(script.lines().filter(l -> l.startsWith("delete ")))
                .allMatch(l -> l.endsWith(" vpsguard"))
                .hasSize(4);
        assertThat(script).doesNotContain("flush").doesNotContain("ruleset");
    }

    @Test
    void markIsOredNeverOverwrittenAndCtMarkUntouched() {
        EnforcementConfig config =
                new EnforcementConfig(
                        "198.51.100.250", null, 2525, 0x00100000L, true, List.of(), 4025, 4025);
        String script =
                NftablesRenderer.render(state(1, block("b", 101)), GUESTS, config, Map.of());
        assertThat(script)
                .contains("meta mark set meta mark or 0x00100000\n")
                .contains(
                        "meta mark & 0x00100000 == 0x00100000 tcp dport 25 counter dnat to 198.51.100.250:2525")
                .doesNotContain("ct mark")
                .doesNotContainPattern("meta mark set 0x");
    }

    @Test
    void everyRuleEndsBeforeTheClosingBraceAndNoChainIsNamedFwd() {
        String script = NftablesRenderer.render(mixed(), GUESTS, CONFIG, Map.of());
        // A closing brace only ever stands alone on its line (or closes an inline anonymous set).
        assertThat(script.lines().filter(l -> l.contains("}") && !l.strip().equals("}")))
                .allMatch(l -> l.endsWith("{}") || l.matches(".*\\{ [^{}]+ \\}.*"));
        assertThat(script).doesNotContain("chain fwd");
    }

    @Test
    void blockedGuestWithoutNoticePathIsDroppedAndReportedDegraded() {
        PortPlan plan =
                PortPlanner.plan(
                        state(1, block("b102", 102)),
                        GUESTS,
                        CONFIG,
                        Map.of(102, "no route back to 203.0.113.5"));
        assertThat(plan.smtpDrop()).containsExactly("tap102i0", "tap102i1");
        assertThat(plan.smtpNotice()).isEmpty();
        assertThat(plan.degraded().get("b102")).contains("no route back").contains("dropped");
    }

    @Test
    void unknownGuestAndBadLimitsFailWithoutTouchingOtherPorts() {
        // A zero rate cannot even be built: the protocol refuses it before the renderer sees it.
        assertThatThrownBy(() -> throttleNet("t0", 101, 0L, null))
                .isInstanceOf(dev.vpsguard.protocol.FieldViolation.class)
                .hasMessageContaining("rateBytesPerSec");
        PortPlan plan =
                PortPlanner.plan(
                        state(
                                1,
                                block("b999", 999),
                                throttleNet("tnone", 101, null, null),
                                block("b101", 101)),
                        GUESTS,
                        CONFIG,
                        Map.of());
        assertThat(plan.failed())
                .containsOnlyKeys("b999", "tnone")
                .containsEntry("b999", "guest 999 is not on this host");
        assertThat(plan.smtpNotice()).containsExactly("tap101i0");
        assertThat(plan.throttles()).isEmpty();
    }

    @Test
    void twoThrottlesOnOnePortKeepTheStricterOfEach() {
        PortPlan plan =
                PortPlanner.plan(
                        state(
                                1,
                                throttleNet("a", 200, 1000L, null),
                                throttleNet("b", 200, 5000L, 10L)),
                        GUESTS,
                        CONFIG,
                        Map.of());
        assertThat(plan.throttles()).containsEntry("veth200i0", new PortPlan.NetLimit(1000L, 10L));
    }

    @Test
    void isolationDestinationsThatAreNotAddressesNeverReachTheRenderer() {
        assertThatThrownBy(() -> isolate("i", 101, "192.0.2.1", "example.com"))
                .isInstanceOf(dev.vpsguard.protocol.FieldViolation.class)
                .hasMessageContaining("allowedDestinations[1]");
        PortPlan plan =
                PortPlanner.plan(
                        state(1, isolate("i", 101, "192.0.2.1")), GUESTS, CONFIG, Map.of());
        assertThat(plan.isolated().get("tap101i0")).containsExactly(Cidr.parse("192.0.2.1"));
    }

    @Test
    void twoFiltersOnOneGuestJoinTheirPortsAndKeepTheStricterLimits() {
        PortPlan plan =
                PortPlanner.plan(
                        state(
                                1,
                                filter(
                                        "a",
                                        102,
                                        outboundTcp("135-139", "445"),
                                        new PacketLimit(1000, 50),
                                        null),
                                filter(
                                        "b",
                                        102,
                                        outboundTcp("137-140", "23"),
                                        new PacketLimit(5000, 10),
                                        new PacketLimit(20, 40))),
                        GUESTS,
                        CONFIG,
                        Map.of());
        GuestFilter f = plan.filters().get(102);
        assertThat(f.ports()).containsExactly("tap102i0", "tap102i1");
        assertThat(f.outboundTcp())
                .containsExactly(
                        new PortRange(23, 23), new PortRange(135, 140), new PortRange(445, 445));
        assertThat(f.udpLimit()).isEqualTo(new PacketLimit(1000, 10));
        assertThat(f.icmpLimit()).isEqualTo(new PacketLimit(20, 40));
        assertThat(plan.failed()).isEmpty();
    }

    @Test
    void aFilterThatAsksForNothingFailsAndAnUnknownGuestFails() {
        PortPlan plan =
                PortPlanner.plan(
                        state(
                                1,
                                filter(
                                        "none",
                                        101,
                                        new PortFilter(List.of(), null, null, null),
                                        null,
                                        null),
                                filter("gone", 999, outboundTcp("23"), null, null)),
                        GUESTS,
                        CONFIG,
                        Map.of());
        assertThat(plan.failed())
                .containsEntry("none", "traffic_filter needs blockedPorts, udpLimit or icmpLimit")
                .containsEntry("gone", "guest 999 is not on this host");
        assertThat(plan.filters()).isEmpty();
        assertThat(NftablesRenderer.render(plan, CONFIG)).doesNotContain("guest_");
    }

    @Test
    void limitsNeverMatchTcpAndEachGuestHasOneChainForAllItsPorts() {
        String script =
                NftablesRenderer.render(
                        state(
                                1,
                                filter(
                                        "f",
                                        102,
                                        null,
                                        new PacketLimit(1000, 200),
                                        new PacketLimit(20, 40))),
                        GUESTS,
                        CONFIG,
                        Map.of());
        List<String> limits = script.lines().filter(l -> l.contains("limit rate over")).toList();
        assertThat(limits)
                .containsExactly(
                        "\t\tmeta l4proto udp limit rate over 1000/second burst 200 packets drop",
                        "\t\tmeta l4proto { icmp, ipv6-icmp } limit rate over 20/second burst 40"
                                + " packets drop");
        assertThat(limits).noneMatch(l -> l.contains("tcp"));
        assertThat(script)
                .contains("\"tap102i0\" : jump guest_102_out,\n")
                .contains("\"tap102i1\" : jump guest_102_out\n")
                .containsOnlyOnce("chain guest_102_out {")
                .doesNotContain("guest_102_in");
    }

    @Test
    void overlappingAndAdjacentRangesAreJoined() {
        assertThat(
                        PortRange.coalesce(
                                List.of(
                                        PortRange.parse("445"),
                                        PortRange.parse("135-139"),
                                        PortRange.parse("140"),
                                        PortRange.parse("136-137"),
                                        PortRange.parse("23"))))
                .extracting(PortRange::toString)
                .containsExactly("23", "135-140", "445");
    }
}
