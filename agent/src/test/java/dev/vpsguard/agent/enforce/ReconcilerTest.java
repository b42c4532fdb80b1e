package dev.vpsguard.agent.enforce;

import static dev.vpsguard.agent.enforce.EnforceFixtures.GUESTS;
import static dev.vpsguard.agent.enforce.EnforceFixtures.block;
import static dev.vpsguard.agent.enforce.EnforceFixtures.cpu;
import static dev.vpsguard.agent.enforce.EnforceFixtures.state;
import static dev.vpsguard.agent.enforce.EnforceFixtures.suspend;
import static dev.vpsguard.agent.enforce.EnforceFixtures.throttleNet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.EnforcementAck;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcilerTest {
    @TempDir Path stateDir;
    FakeHost host;
    NoticeBook notices;
    AtomicBoolean responderUp;
    Reconciler reconciler;

    @BeforeEach
    void setUp() {
        host = new FakeHost();
        notices = new NoticeBook();
        responderUp = new AtomicBoolean(true);
        reconciler = newReconciler();
    }

    Reconciler newReconciler() {
        return new Reconciler(
                EnforceFixtures.CONFIG,
                () -> GUESTS,
                new NftablesApplier(host),
                new RouteBack(host, EnforceFixtures.CONFIG),
                new ConntrackFlowCleaner(host),
                host,
                new DesiredStateStore(stateDir),
                notices,
                v6 -> responderUp.get(),
                Clock.fixed(EnforceFixtures.T0, ZoneOffset.UTC));
    }

    static Map<String, ActionStatus> statuses(EnforcementAck ack) {
        return ack.results().stream()
                .collect(Collectors.toMap(ActionResult::actionId, ActionResult::status));
    }

    static ActionResult result(EnforcementAck ack, String id) {
        return ack.results().stream()
                .filter(r -> r.actionId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void persistsTheStateBeforeApplyingIt() {
        List<Boolean> persistedAtApply = new ArrayList<>();
        host.nftFailure =
                script -> {
                    persistedAtApply.add(Files.exists(stateDir.resolve(DesiredStateStore.FILE)));
                    return null;
                };
        reconciler.reconcile(state(3, block("b101", 101)));
        assertThat(persistedAtApply).containsExactly(true);
    }

    @Test
    void sameStateTwiceIsANoOp() {
        DesiredState s = state(3, block("b101", 101), cpu("c200", 200, 1), suspend("s102", 102));
        EnforcementAck first = reconciler.reconcile(s);
        assertThat(host.scripts).hasSize(1);
        int commands = host.commands.size();
        int control = host.control.size();

        EnforcementAck second =
                reconciler.reconcile(new DesiredState(4, s.issuedAt(), s.actions()));

        assertThat(host.commands).hasSize(commands);
        assertThat(host.control).hasSize(control);
        assertThat(second.stateVersion()).isEqualTo(4);
        assertThat(second.results()).isEqualTo(first.results());
    }

    @Test
    void blockIsAppliedWithFlowsDeletedOnceAndTheGuestsNotice() throws Exception {
        EnforcementAck ack = reconciler.reconcile(state(1, block("b101", 101)));

        assertThat(statuses(ack)).containsEntry("b101", ActionStatus.DEGRADED);
        assertThat(result(ack, "b101").detail()).contains("no IPv6 responder");
        assertThat(host.scripts.get(0))
                .contains(
                        "set smtp_notice {\n\t\ttype ifname\n\t\telements = {\n\t\t\t\"tap101i0\"");
        assertThat(host.commandsStartingWith("conntrack -D"))
                .containsExactly(
                        "conntrack -D -f ipv4 -p tcp --dport 25 -s 198.51.100.101",
                        "conntrack -D -f ipv6 -p tcp --dport 25 -s 2001:db8::101");
        assertThat(host.commandsStartingWith("ip route replace"))
                .containsExactly("ip route replace 198.51.100.101/32 dev vmbr0 table 4025");
        assertThat(notices.apply(InetAddress.getByName("198.51.100.101")))
                .isEqualTo("Blocked for spam, ticket 42");

        reconciler.reconcile(state(2, block("b101", 101), throttleNet("t200", 200, 1000L, null)));
        assertThat(host.scripts).hasSize(2);
        assertThat(host.commandsStartingWith("conntrack -D"))
                .as("only when the block starts")
                .hasSize(2);
    }

    /** The notice 198.51.100.101 gets at the moment each nft script is applied. */
    List<String> noticeAtEachApply() throws Exception {
        InetAddress guest = InetAddress.getByName("198.51.100.101");
        List<String> seen = new ArrayList<>();
        host.nftFailure =
                script -> {
                    seen.add(String.valueOf(notices.apply(guest)));
                    return null;
                };
        return seen;
    }

    @Test
    void theNoticeIsInTheBookBeforeTheRedirectGoesLiveAndLeavesOnlyAfterItIsGone()
            throws Exception {
        List<String> atApply = noticeAtEachApply();
        InetAddress guest = InetAddress.getByName("198.51.100.101");

        reconciler.reconcile(state(1, block("b101", 101)));
        assertThat(atApply).containsExactly("Blocked for spam, ticket 42");
        assertThat(host.scripts.get(0)).contains("\"tap101i0\"");

        reconciler.reconcile(state(2));
        assertThat(atApply)
                .as("still answered with its ticket while the redirect may be live")
                .containsExactly("Blocked for spam, ticket 42", "Blocked for spam, ticket 42");
        assertThat(host.scripts.get(1)).doesNotContain("tap101i0");
        assertThat(notices.apply(guest)).as("gone once the redirect is").isNull();
    }

    @Test
    void aNewTicketReplacesTheOldOneBeforeTheScriptIsApplied() throws Exception {
        reconciler.reconcile(state(1, block("b101", 101)));
        List<String> atApply = noticeAtEachApply();
        DesiredState next =
                state(
                        2,
                        new dev.vpsguard.protocol.DesiredAction(
                                "b101-2",
                                101,
                                dev.vpsguard.protocol.ActionType.SMTP_BLOCK,
                                "Blocked again, ticket 43",
                                null,
                                null,
                                null,
                                null),
                        throttleNet("t200", 200, 1000L, null));
        reconciler.reconcile(next);
        assertThat(atApply).containsExactly("Blocked again, ticket 43");
    }

    @Test
    void aFailedApplyKeepsEveryNoticeThatMayStillBeRedirected() throws Exception {
        reconciler.reconcile(state(1, block("b101", 101)));
        host.nftFailure = s -> "Error: Could not process rule: No such file or directory";
        reconciler.reconcile(state(2));
        // The kernel kept the old tables (nft is all or nothing), so the guest is still redirected.
        assertThat(notices.apply(InetAddress.getByName("198.51.100.101")))
                .isEqualTo("Blocked for spam, ticket 42");
    }

    @Test
    void primingFillsTheBookFromThePersistedStateWithoutTouchingTheHost() throws Exception {
        reconciler.reconcile(state(9, block("b101", 101)));
        host = new FakeHost();
        notices = new NoticeBook();
        Reconciler fresh = newReconciler();

        fresh.primeNotices();

        assertThat(notices.apply(InetAddress.getByName("2001:db8::101")))
                .isEqualTo("Blocked for spam, ticket 42");
        assertThat(host.commands).isEmpty();
    }

    @Test
    void anIpv6ResponderRedirectsAndRoutesBackIpv6Too() {
        // Written out in full, as InetAddress prints a configured address: used compressed.
        EnforcementConfig v6 = EnforceFixtures.CONFIG.withResponderV6("2001:db8:0:0:0:0:0:250");
        AtomicBoolean v6Up = new AtomicBoolean(true);
        Reconciler r =
                new Reconciler(
                        v6,
                        () -> GUESTS,
                        new NftablesApplier(host),
                        new RouteBack(host, v6),
                        new ConntrackFlowCleaner(host),
                        host,
                        new DesiredStateStore(stateDir),
                        notices,
                        isV6 -> isV6 ? v6Up.get() : responderUp.get(),
                        Clock.fixed(EnforceFixtures.T0, ZoneOffset.UTC));

        EnforcementAck ack = r.reconcile(state(1, block("b101", 101)));

        assertThat(result(ack, "b101").status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(host.scripts.get(0))
                .contains("dnat to [2001:db8::250]:2525")
                .doesNotContain("ether type ip6 tcp dport 25 drop");
        assertThat(host.commandsStartingWith("ip -6 rule add"))
                .containsExactly(
                        "ip -6 rule add from 2001:db8::250 ipproto tcp sport 2525 lookup 4025"
                                + " priority 4025");
        assertThat(host.commandsStartingWith("ip -6 route replace"))
                .containsExactly("ip -6 route replace 2001:db8::101/128 dev vmbr0 table 4025");

        // The IPv6 socket is gone (e.g. the address was removed): IPv6 falls back to the drop,
        // IPv4 keeps its notice.
        v6Up.set(false);
        EnforcementAck down = r.refresh(state(1, block("b101", 101)));
        assertThat(result(down, "b101").detail()).contains("no IPv6 responder");
        String script = host.scripts.get(host.scripts.size() - 1);
        assertThat(script)
                .contains("iifname @smtp_notice ether type ip6 tcp dport 25 drop")
                .contains("dnat to 198.51.100.250:2525")
                .doesNotContain("dnat to [2001:db8::250]");
    }

    @Test
    void responderDownFallsBackToDropAndSaysSo() {
        responderUp.set(false);
        EnforcementAck ack = reconciler.reconcile(state(1, block("b102", 102)));
        assertThat(result(ack, "b102").status()).isEqualTo(ActionStatus.DEGRADED);
        assertThat(result(ack, "b102").detail())
                .contains("notice responder unavailable")
                .contains("dropped");
        assertThat(host.scripts.get(0))
                .contains("\t\t\t\"tap102i0\",\n\t\t\t\"tap102i1\"\n")
                .contains("set smtp_drop");
        assertThat(host.commandsStartingWith("ip route")).isEmpty();
    }

    @Test
    void unreachableGuestFallsBackToDropWithTheReason() {
        host.routeGetDev = "eth9";
        EnforcementAck ack = reconciler.reconcile(state(1, block("b102", 102)));
        assertThat(result(ack, "b102").status()).isEqualTo(ActionStatus.DEGRADED);
        assertThat(result(ack, "b102").detail())
                .contains("203.0.113.5")
                .contains("does not use vmbr0");
        assertThat(host.scripts.get(0))
                .containsPattern(
                        "set smtp_drop \\{\\n\\t\\ttype ifname\\n\\t\\telements = \\{\\n\\t\\t\\t\"tap102i0\"");
    }

    @Test
    void failuresAreReportedPerActionAndRetriedNextCycle() {
        host.nftFailure = s -> "Error: Could not process rule: No such file or directory";
        host.controlFails = true;
        EnforcementAck ack =
                reconciler.reconcile(
                        state(1, block("b101", 101), cpu("c200", 200, 2), block("b999", 999)));
        assertThat(statuses(ack))
                .containsEntry("b101", ActionStatus.FAILED)
                .containsEntry("c200", ActionStatus.FAILED)
                .containsEntry("b999", ActionStatus.FAILED);
        assertThat(result(ack, "b101").detail())
                .contains("nft -f - exited 1: Error: Could not process rule");
        assertThat(result(ack, "c200").detail()).contains("VM is locked");
        assertThat(result(ack, "b999").detail()).isEqualTo("guest 999 is not on this host");

        host.nftFailure = s -> null;
        host.controlFails = false;
        EnforcementAck retried =
                reconciler.reconcile(
                        state(1, block("b101", 101), cpu("c200", 200, 2), block("b999", 999)));
        assertThat(statuses(retried))
                .containsEntry("b101", ActionStatus.DEGRADED)
                .containsEntry("c200", ActionStatus.APPLIED)
                .containsEntry("b999", ActionStatus.FAILED);
        assertThat(host.control).containsExactly("limit 200 2.0", "limit 200 2.0");
    }

    @Test
    void liftedActionsAreUndone() {
        reconciler.reconcile(
                state(
                        1,
                        cpu("c200", 200, 0.5),
                        suspend("s101", 101),
                        throttleNet("t102", 102, null, 100L)));
        reconciler.reconcile(state(2));
        assertThat(host.control)
                .containsExactly("limit 200 0.5", "suspend 101", "clear 200", "resume 101");
        assertThat(host.scripts.get(host.scripts.size() - 1)).doesNotContain("tap102i0");
    }

    @Test
    void restoreReappliesThePersistedStateBeforeAnyServerContact() {
        reconciler.reconcile(state(9, block("b101", 101), suspend("s200", 200)));
        FakeHost afterReboot = new FakeHost();
        host = afterReboot;
        Reconciler fresh = newReconciler();

        EnforcementAck ack = fresh.restore().orElseThrow();

        assertThat(ack.stateVersion()).isEqualTo(9);
        assertThat(afterReboot.scripts).hasSize(1);
        assertThat(afterReboot.scripts.get(0)).contains("\"tap101i0\"");
        assertThat(afterReboot.control).containsExactly("suspend 200");
    }

    @Test
    void restoreWithNothingPersistedOrACorruptFileDoesNothing() throws IOException {
        assertThat(reconciler.restore()).isEmpty();
        Files.writeString(stateDir.resolve(DesiredStateStore.FILE), "{\"version\": ");
        assertThat(newReconciler().restore()).isEmpty();
        assertThat(host.commands).isEmpty();
    }
}
