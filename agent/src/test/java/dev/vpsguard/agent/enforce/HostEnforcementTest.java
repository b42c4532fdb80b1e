package dev.vpsguard.agent.enforce;

import static dev.vpsguard.agent.enforce.EnforceFixtures.GUESTS;
import static dev.vpsguard.agent.enforce.EnforceFixtures.block;
import static dev.vpsguard.agent.enforce.EnforceFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.EnforcementAck;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostEnforcementTest {
    @TempDir Path stateDir;
    FakeHost host;
    boolean drifted;
    ServerSocket squatter;
    int port;
    Counter drift;
    NoticeResponder responder;
    HostEnforcement enforcement;

    @BeforeEach
    void setUp() throws IOException {
        host = new FakeHost();
        squatter = new ServerSocket();
        squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        port = squatter.getLocalPort();
        drift =
                Counter.build("vpsguard_agent_nft_drift_repairs_total", "test")
                        .register(new CollectorRegistry());
        enforcement = newEnforcement();
    }

    HostEnforcement newEnforcement() {
        return newEnforcement(EnforceFixtures.CONFIG);
    }

    HostEnforcement newEnforcement(EnforcementConfig config) {
        NoticeBook notices = new NoticeBook();
        List<InetSocketAddress> binds = new ArrayList<>();
        binds.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        if (config.responderV6() != null) {
            binds.add(new InetSocketAddress(config.responderV6(), 0));
        }
        responder =
                new NoticeResponder(
                        NoticeResponderConfig.defaults(binds.toArray(InetSocketAddress[]::new)),
                        notices);
        // A listing that differs from the applied one once "drifted" is set: someone changed it.
        CommandRunner nftRunner =
                (argv, stdin) -> {
                    CommandRunner.CommandResult r = host.run(argv, stdin);
                    return drifted && String.join(" ", argv).equals("nft -j list ruleset")
                            ? new CommandRunner.CommandResult(
                                    r.command(),
                                    0,
                                    r.stdout()
                                            .replace(
                                                    "{\"table\": {\"family\": \"bridge\","
                                                            + " \"name\": \"vpsguard\"}}, ",
                                                    ""),
                                    "")
                            : r;
                };
        DesiredStateStore store = new DesiredStateStore(stateDir);
        Reconciler reconciler =
                new Reconciler(
                        config,
                        () -> GUESTS,
                        new NftablesApplier(nftRunner),
                        new RouteBack(host, config),
                        new ConntrackFlowCleaner(host),
                        host,
                        store,
                        notices,
                        responder::isListening,
                        Clock.fixed(EnforceFixtures.T0, ZoneOffset.UTC));
        return new HostEnforcement(reconciler, responder, store, "127.0.0.1:" + port, drift);
    }

    @AfterEach
    void tearDown() throws IOException {
        enforcement.close();
        squatter.close();
    }

    @Test
    void withNothingPersistedStartInstallsTheWatchRuleAndAcksNothing() throws IOException {
        squatter.close();
        enforcement.start();
        assertThat(host.scripts).singleElement().asString().contains("tcp dport 25 ct state new");
        assertThat(enforcement.ack()).isNull();
        assertThat(responder.isRunning()).isTrue();
    }

    @Test
    void aTakenPortDegradesBlocksUntilItIsFreeThenTheNoticeComesBack() throws IOException {
        new DesiredStateStore(stateDir).save(state(4, block("b101", 101)));

        enforcement.start();

        assertThat(enforcement.responderProblem()).isNotNull();
        ActionResult r = enforcement.ack().results().get(0);
        assertThat(r.status()).isEqualTo(ActionStatus.DEGRADED);
        assertThat(r.detail())
                .startsWith(
                        "notice responder unavailable (cannot listen on 127.0.0.1:" + port + ": ")
                .contains("in use")
                .contains("port 25 dropped instead of answered with 554");
        assertThat(host.scripts.get(host.scripts.size() - 1))
                .containsPattern(
                        "set smtp_drop \\{\\s+type ifname\\s+elements = \\{\\s+\"tap101i0\"");

        squatter.close();
        enforcement.cycle();

        assertThat(enforcement.responderProblem()).isNull();
        assertThat(enforcement.ack().stateVersion()).isEqualTo(4);
        // Only the IPv6 note remains (the fixture guest has IPv6 and there is no v6 responder).
        assertThat(enforcement.ack().results().get(0).detail())
                .doesNotContain("notice responder unavailable")
                .isEqualTo("no IPv6 responder; IPv6 port 25 dropped");
        assertThat(host.scripts.get(host.scripts.size() - 1))
                .containsPattern(
                        "set smtp_notice \\{\\s+type ifname\\s+elements = \\{\\s+\"tap101i0\"");
    }

    @Test
    void anIpv6AddressTheResponderCannotBindDropsIpv6AndSaysWhy() throws IOException {
        squatter.close();
        enforcement.close();
        // Not an address of this host, as for an address removed or failing duplicate detection.
        enforcement = newEnforcement(EnforceFixtures.CONFIG.withResponderV6("2001:db8::dead"));
        new DesiredStateStore(stateDir).save(state(4, block("b101", 101)));

        enforcement.start();

        assertThat(enforcement.responderProblem()).isNull();
        ActionResult r = enforcement.ack().results().get(0);
        assertThat(r.status()).isEqualTo(ActionStatus.DEGRADED);
        assertThat(r.detail())
                .startsWith("no IPv6 responder (cannot listen on [2001:db8::dead]:0: ")
                .endsWith("; IPv6 port 25 dropped");
        assertThat(host.scripts.get(host.scripts.size() - 1))
                .contains("iifname @smtp_notice ether type ip6 tcp dport 25 drop")
                .doesNotContain("dnat to [2001:db8::dead]");
    }

    @Test
    void aNewStateIsAckedAndPersisted() throws IOException {
        squatter.close();
        enforcement.start();
        enforcement.apply(state(9, block("b102", 102)));
        EnforcementAck ack = enforcement.ack();
        assertThat(ack.stateVersion()).isEqualTo(9);
        assertThat(ack.results())
                .extracting(ActionResult::status)
                .containsExactly(ActionStatus.APPLIED);
        assertThat(new DesiredStateStore(stateDir).load())
                .hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(9));
    }

    @Test
    void driftIsRepairedAndCountedOncePerCycle() throws IOException {
        squatter.close();
        enforcement.start();
        enforcement.apply(state(2, block("b101", 101)));
        int applied = host.scripts.size();

        enforcement.cycle();
        assertThat(drift.get()).isZero();

        drifted = true;
        enforcement.cycle();
        assertThat(drift.get()).isEqualTo(1.0);
        assertThat(host.scripts).hasSize(applied + 1);
        assertThat(host.scripts.get(applied)).isEqualTo(host.scripts.get(applied - 1));
    }
}
