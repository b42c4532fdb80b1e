package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.EnforcementAck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real agent process enforcing in the lab: a fake server next to it in {@code hv} hands out
 * desired states, real guests run real SMTP clients. One lab and one agent history for the class,
 * so the tests run in order; each leaves the state the next one starts from.
 *
 * <p>Guests: 101 in the host's subnet, 102 outside it (203.0.113.102, needs the route back), 103 in
 * the subnet and never blocked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentEnforcementLabTest {
    @RegisterExtension
    static final LabExtension LAB =
            new LabExtension(
                    () ->
                            Lab.builder()
                                    .guestInSubnet(101)
                                    .guestOutOfSubnet(102)
                                    .guestInSubnet(103)
                                    .mx(3, 0, 0));

    private static final Duration ONE_CYCLE = Duration.ofMillis(2500);
    private static final String FOREIGN_TABLES =
            "table inet filter {\n"
                    + "\tchain forward {\n"
                    + "\t\ttype filter hook forward priority filter; policy accept;\n"
                    + "\t\ttcp dport 8 accept\n\t}\n}\n"
                    + "table bridge proxmox-firewall-guests {\n"
                    + "\tchain pre {\n"
                    + "\t\ttype filter hook prerouting priority -200; policy accept;\n"
                    + "\t\tmeta mark & 0x80000000 == 0x80000000 accept\n\t}\n}\n";

    private Lab lab;
    private LabAgent agent;
    private LabSink sink;
    private LabGuest inSubnet;
    private LabGuest outside;
    private LabGuest bystander;
    private String mx;
    private String foreignBefore;
    private long version = 1;

    @BeforeAll
    void startAgent(Lab lab) {
        this.lab = lab;
        inSubnet = lab.guest(101);
        outside = lab.guest(102);
        bystander = lab.guest(103);
        mx = lab.mx().accepting().get(0);
        List<String> endpoints = new ArrayList<>();
        lab.mx().accepting().forEach(a -> endpoints.add(a + ":25"));
        endpoints.add(Lab.ROUTER_ADDRESS + ":80");
        endpoints.add(Lab.ROUTER_ADDRESS + ":587");
        sink = LabSink.start(lab, endpoints);
        lab.nft(lab.hv(), FOREIGN_TABLES);
        foreignBefore = foreignTables();
        agent = new LabAgent(lab);
        agent.desire(state(1));
        agent.startServer();
        agent.startAgent();
        agent.awaitAck(1, Duration.ofSeconds(30));
    }

    @AfterEach
    void foreignTablesAreUntouched() {
        assertThat(foreignTables()).isEqualTo(foreignBefore);
    }

    @Test
    @Order(1)
    void blockedGuestsGetTheNoticeInBothTopologiesAndNothingElseChanges() {
        LabProcess held =
                lab.spawn(inSubnet.namespace(), "bash", "-c", LabSmtpProbe.heldConnection(mx));
        LabPoll.until(Duration.ofSeconds(10), () -> held.output().contains("OK 250"), held::output);

        EnforcementAck ack = publish(state(++version, block(101), block(102)));

        assertThat(ack.results())
                .extracting(ActionResult::status)
                .containsOnly(ActionStatus.APPLIED);
        assertThat(swaks(inSubnet)).contains("554 5.7.1 " + notice(101));
        assertThat(swaks(outside)).contains("554 5.7.1 " + notice(102));
        // The connection opened before the block: its conntrack entry was deleted, so its next
        // NOOP is DNATed to the responder, which has no such connection and answers with a reset.
        LabPoll.until(Duration.ofSeconds(10), () -> held.output().contains("ENDED"), held::output);
        assertThat(held.output()).contains("ENDED read rc=1").containsIgnoringCase("reset");
        // Others: an unblocked guest still reaches the MX, a blocked guest the other ports.
        assertThat(swaks(bystander)).contains("250 2.1.5 Ok").doesNotContain("554");
        assertThat(greeting(inSubnet, Lab.ROUTER_ADDRESS, 587)).startsWith("220 ");
        assertThat(greeting(outside, Lab.ROUTER_ADDRESS, 587)).startsWith("220 ");
        assertThat(greeting(inSubnet, Lab.ROUTER_ADDRESS, 80)).startsWith("220 ");
    }

    @Test
    @Order(2)
    void doctorPassesOnTheRunningLabHost() {
        ExecResult r = lab.exec(lab.hv(), agent.agentCommand("doctor").toArray(String[]::new));
        assertThat(r.output())
                .contains("PASS  responder      " + Lab.HOST_ADDRESS + ":2525 is served by")
                .contains("PASS  route-back     the responder reaches every blocked address")
                .contains("PASS  server")
                .contains("PASS  bridge-nf-call-iptables");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    @Order(3)
    void liftingTheBlockRestoresSmtpWithinOneCycle() {
        agent.desire(state(++version, block(102)));
        long start = System.nanoTime();
        LabPoll.until(
                ONE_CYCLE.plusSeconds(2),
                () -> greeting(inSubnet, mx, 25).startsWith("220 "),
                () -> "SMTP back for 101");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(ONE_CYCLE.plusSeconds(2));
        assertThat(swaks(inSubnet)).contains("250 2.1.5 Ok");
        assertThat(swaks(outside)).contains("554 5.7.1 " + notice(102));
    }

    @Test
    @Order(4)
    void throttleAndSuspendRunQmAndAreReversed() {
        publish(
                state(
                        ++version,
                        block(102),
                        new DesiredAction(
                                "cpu-101",
                                101,
                                ActionType.THROTTLE_CPU,
                                null,
                                2.0,
                                null,
                                null,
                                null),
                        new DesiredAction(
                                "sus-101", 101, ActionType.SUSPEND, null, null, null, null, null)));
        publish(state(++version, block(102)));
        assertThat(agent.qmCalls())
                .containsExactly(
                        "qm set 101 --cpulimit 2",
                        "qm suspend 101",
                        "qm set 101 --delete cpulimit",
                        "qm resume 101");
    }

    @Test
    @Order(5)
    void aFlushedTableIsRepairedWithinOneCycle() {
        lab.exec(lab.hv(), "nft", "flush", "table", "bridge", "vpsguard").orThrow();
        // Flushing drops the rules (sets stay): the guest's SMTP passes until the repair.
        assertThat(lab.exec(lab.hv(), "nft", "list", "table", "bridge", "vpsguard").output())
                .doesNotContain("meta mark set");
        LabPoll.until(
                ONE_CYCLE,
                () ->
                        lab.exec(lab.hv(), "nft", "list", "table", "bridge", "vpsguard")
                                .output()
                                .contains("meta mark set"),
                () -> "bridge vpsguard repaired");
        assertThat(swaks(outside)).contains("554 5.7.1 " + notice(102));
        String metrics =
                lab.exec(
                                lab.hv(),
                                "curl",
                                "-s",
                                "http://127.0.0.1:" + LabAgent.METRICS_PORT + "/metrics")
                        .output();
        assertThat(metrics).containsPattern("vpsguard_agent_nft_drift_repairs_total [1-9]");
    }

    @Test
    @Order(6)
    void aKilledAgentLeavesSmtpBlockedAndTheGuestIsRefused() {
        agent.kill();
        long before = sink.counts().smtpConnectionsTo(mx);
        // The DNAT stays; nothing listens on the host's 2525 any more, so the host resets.
        assertThat(greeting(outside, mx, 25)).contains("Connection refused");
        assertThat(swaks(outside)).doesNotContain("220 ").doesNotContain("250 ");
        assertThat(sink.counts().smtpConnectionsTo(mx)).isEqualTo(before);
    }

    @Test
    @Order(7)
    void cleanupRemovesOnlyTheAgentsTablesRuleAndRoutes() {
        ExecResult r = lab.exec(lab.hv(), agent.agentCommand("cleanup").toArray(String[]::new));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(lab.exec(lab.hv(), "nft", "list", "tables").output()).doesNotContain("vpsguard");
        assertThat(lab.exec(lab.hv(), "ip", "rule", "show", "priority", "4025").output()).isBlank();
        assertThat(lab.exec(lab.hv(), "ip", "route", "show", "table", "4025").output()).isBlank();
        assertThat(greeting(outside, mx, 25)).startsWith("220 ");
    }

    @Test
    @Order(8)
    void restartWithTheServerDownReappliesThePersistedState() {
        agent.stopServer();
        agent.startAgent();
        LabPoll.until(
                Duration.ofSeconds(30),
                () -> greeting(outside, mx, 25).startsWith("554 5.7.1 " + notice(102)),
                () -> "the persisted block again; agent:\n" + agent.agent().output());
        assertThat(swaks(inSubnet)).contains("250 2.1.5 Ok");
    }

    @Test
    @Order(9)
    void aTakenResponderPortFallsBackToADropAndAcksDegraded() {
        agent.agent().stop();
        LabProcess squatter =
                lab.spawn(
                        lab.hv(),
                        Lab.javaCommand(
                                        LabSmtpSink.class.getName(),
                                        "--listen",
                                        Lab.HOST_ADDRESS + ":" + LabAgent.RESPONDER_PORT,
                                        "--control",
                                        lab.workDir().resolve("squat.sock").toString())
                                .toArray(String[]::new));
        LabPoll.until(
                Duration.ofSeconds(30),
                () -> squatter.output().contains("READY"),
                squatter::output);
        agent.startServer();
        agent.startAgent();
        EnforcementAck ack = publish(state(++version, block(102)));

        assertThat(ack.results())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.status()).isEqualTo(ActionStatus.DEGRADED);
                            assertThat(r.detail())
                                    .contains(
                                            "notice responder unavailable (cannot listen on 198.51.100.250:2525: Address already in use)")
                                    .contains("dropped");
                        });
        assertThat(greeting(outside, mx, 25)).isEqualTo("TIMEOUT");

        // Once the port is free again the responder starts and the notice path comes back.
        squatter.stop();
        LabPoll.until(
                Duration.ofSeconds(10),
                () -> greeting(outside, mx, 25).startsWith("554 5.7.1 " + notice(102)),
                () -> "the notice back; agent:\n" + agent.agent().output());
    }

    @Test
    @Order(0)
    @Tag("benchmark")
    @EnabledIfSystemProperty(named = "vpsguard.bench", matches = "true")
    void benchmarkFromDesiredStateServedToTheNoticeSeen() {
        // First, so the responder's per-source limit (30 per minute) is not yet spent on 101.
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long v = ++version;
            agent.desire(state(v, block(101), block(102)));
            LabPoll.until(
                    Duration.ofSeconds(10),
                    () -> greeting(inSubnet, mx, 25).startsWith("554 "),
                    () ->
                            "block "
                                    + v
                                    + ": "
                                    + greeting(inSubnet, mx, 25)
                                    + "\nacks: "
                                    + agent.ack(v)
                                    + "\n"
                                    + lab.exec(lab.hv(), "nft", "list", "ruleset").output()
                                    + agent.agent().output());
            long seen = System.currentTimeMillis();
            millis.add(seen - agent.servedAt().get(v));
            long u = ++version;
            // Wait for the ack, not by polling the responder: it allows 30 connections per
            // source per minute and answers 421 beyond.
            publish(state(u, block(102)));
            LabPoll.until(
                    Duration.ofSeconds(10),
                    () -> greeting(inSubnet, mx, 25).startsWith("220 "),
                    () -> "unblock " + u);
        }
        List<Long> sorted = millis.stream().sorted().toList();
        long p50 = sorted.get((int) Math.ceil(0.5 * sorted.size()) - 1);
        long p95 = sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
        System.out.printf(
                "LAB-BENCHMARK enforcement: desired state served -> 554 seen by the guest,"
                        + " %d episodes, interval 1 s: p50 %d ms, p95 %d ms, max %d ms (all %s)%n",
                sorted.size(), p50, p95, sorted.get(sorted.size() - 1), millis);
        assertThat(p95).isLessThan(2000);
    }

    // --- helpers

    private EnforcementAck publish(DesiredState state) {
        agent.desire(state);
        return agent.awaitAck(state.version(), Duration.ofSeconds(15));
    }

    private static DesiredState state(long version, DesiredAction... actions) {
        return new DesiredState(version, Instant.parse("2026-11-23T00:00:00Z"), List.of(actions));
    }

    private static DesiredAction block(int vmid) {
        return new DesiredAction(
                "block-" + vmid, vmid, ActionType.SMTP_BLOCK, notice(vmid), null, null, null, null);
    }

    private static String notice(int vmid) {
        return "Outgoing mail of VM " + vmid + " blocked, ticket LAB-" + vmid;
    }

    private String swaks(LabGuest guest) {
        return LabSmtpProbe.swaks(lab, guest, mx);
    }

    private String greeting(LabGuest guest, String ip, int port) {
        return LabSmtpProbe.greeting(lab, guest, ip, port);
    }

    private String foreignTables() {
        return lab.exec(lab.hv(), "nft", "list", "table", "inet", "filter").orThrow().output()
                + lab.exec(lab.hv(), "nft", "list", "table", "bridge", "proxmox-firewall-guests")
                        .orThrow()
                        .output();
    }
}
