package dev.vpsguard.agent.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routes and rules inside a namespace with a bridge holding the host's address. */
class RouteBackNamespaceTest {
    static final EnforcementConfig CONFIG = EnforceFixtures.CONFIG.withResponderV6("2001:db8::250");

    static Netns host() {
        Netns ns = Netns.create();
        ns.sh(
                "ip link add vmbr0 type bridge; ip link set vmbr0 up\n"
                        + "ip link add vmbr1 type bridge; ip link set vmbr1 up\n"
                        + "ip addr add 198.51.100.250/24 dev vmbr0\n"
                        + "ip -6 addr add 2001:db8::250/64 dev vmbr0 nodad");
        return ns;
    }

    @Test
    void routesBlockedGuestsInItsOwnTableOnlyForResponderReplies() {
        try (Netns ns = host()) {
            String mainBefore = ns.sh("ip route show table main; ip -6 route show table main");
            RouteBack routes = new RouteBack(ns.runner, CONFIG);

            Map<String, String> failures =
                    routes.sync(
                            Map.of(
                                    "203.0.113.5", "vmbr0",
                                    "198.51.100.101", "vmbr0",
                                    "2001:db8:1::5", "vmbr0"));

            assertThat(failures).isEmpty();
            assertThat(ns.sh("ip rule show priority 4025"))
                    .contains("from 198.51.100.250 ipproto tcp sport 2525 lookup 4025");
            assertThat(ns.sh("ip -6 rule show priority 4025"))
                    .contains("from 2001:db8::250 ipproto tcp sport 2525 lookup 4025");
            assertThat(ns.sh("ip route show table 4025"))
                    .contains("203.0.113.5 dev vmbr0")
                    .contains("198.51.100.101 dev vmbr0");
            assertThat(routes.unreachableReason("203.0.113.5", "vmbr0")).isNull();
            assertThat(routes.unreachableReason("2001:db8:1::5", "vmbr0")).isNull();
            assertThat(routes.unreachableReason("203.0.113.9", "vmbr0"))
                    .contains("no route back to 203.0.113.9");
            // Other traffic from the host is not steered: only the responder's port matches.
            assertThat(
                            ns.sh(
                                    "ip route get 203.0.113.5 from 198.51.100.250 ipproto tcp sport 22 || true"))
                    .doesNotContain("table 4025");
            assertThat(ns.sh("ip route show table main; ip -6 route show table main"))
                    .isEqualTo(mainBefore);
        }
    }

    @Test
    void syncIsIdempotentAndRemovesWhatIsNoLongerWanted() {
        try (Netns ns = host()) {
            RouteBack routes = new RouteBack(ns.runner, CONFIG);
            routes.sync(Map.of("203.0.113.5", "vmbr0", "203.0.113.6", "vmbr0"));
            String once = ns.sh("ip route show table 4025; ip rule show; ip -6 rule show");
            routes.sync(Map.of("203.0.113.5", "vmbr0", "203.0.113.6", "vmbr0"));
            assertThat(ns.sh("ip route show table 4025; ip rule show; ip -6 rule show"))
                    .isEqualTo(once);

            routes.sync(Map.of("203.0.113.6", "vmbr1"));
            assertThat(ns.sh("ip route show table 4025").strip())
                    .isEqualTo("203.0.113.6 dev vmbr1 scope link");
            assertThat(routes.unreachableReason("203.0.113.6", "vmbr0"))
                    .contains("does not use vmbr0");

            routes.removeAll();
            assertThat(ns.sh("ip rule show; ip -6 rule show")).doesNotContain("4025");
            assertThat(ns.runner.run(List.of("ip", "route", "show", "table", "4025")).stdout())
                    .isBlank();
        }
    }

    @Test
    void aMissingBridgeIsReportedPerAddress() {
        try (Netns ns = host()) {
            Map<String, String> failures =
                    new RouteBack(ns.runner, CONFIG)
                            .sync(Map.of("203.0.113.5", "vmbr9", "203.0.113.6", "vmbr0"));
            assertThat(failures).containsOnlyKeys("203.0.113.5");
            assertThat(failures.get("203.0.113.5")).contains("vmbr9");
        }
    }
}
