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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notice a blocked guest reads, from the very first answer, over IPv4 and IPv6: the real agent
 * in a dual-stack lab. Guests: 101 dual-stack in the host's subnet, 104 IPv6-only in the host's
 * prefix, 105 IPv6-only in a prefix where the host has no address (needs the IPv6 route back). The
 * agent finds its IPv6 responder address on {@code vmbr0} by itself (nothing configured).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentNoticeLabTest {
    @RegisterExtension
    static final LabExtension LAB =
            new LabExtension(
                    () ->
                            Lab.builder()
                                    .ipv6()
                                    .guestInSubnet(101)
                                    .guestV6OnlyInSubnet(104)
                                    .guestV6OnlyOutOfSubnet(105)
                                    .mx(3, 0, 0));

    /** Connections a client loop opens at most while it waits for the block (over 60 s). */
    private static final int LOOP_LIMIT = 6000;

    private Lab lab;
    private LabAgent agent;
    private String mx;
    private String mx6;
    private long version = 1;

    @BeforeAll
    void startAgent(Lab lab) {
        this.lab = lab;
        mx = lab.mx().accepting().get(0);
        mx6 = Lab.v6(mx);
        List<String> endpoints = new ArrayList<>();
        for (String a : lab.mx().accepting()) {
            endpoints.add(a + ":25");
            endpoints.add("[" + Lab.v6(a) + "]:25");
        }
        LabSink.start(lab, endpoints);
        agent = new LabAgent(lab);
        agent.desire(state(1));
        agent.startServer();
        agent.startAgent();
        agent.awaitAck(1, Duration.ofSeconds(30));
    }

    @Test
    @Order(1)
    void unblockedIpv6OnlyGuestsReachTheMxOverIpv6() {
        // The lab's own IPv6 path works: a 554 later comes from the agent, not from a broken lab.
        assertThat(swaks(lab.guest(104), mx6)).contains("250 2.1.5 Ok");
        assertThat(swaks(lab.guest(105), mx6)).contains("250 2.1.5 Ok");
    }

    @Test
    @Order(2)
    void theFirstAnswerAfterTheBlockCarriesTheTicketOverIpv4AndIpv6() {
        // Clients hammer the MX before the block lands and stop at the first answer that is not
        // the MX's 220: that answer is the first one the responder gave them.
        LabProcess v4 = spawnLoop(lab.guest(101), mx);
        LabProcess v6 = spawnLoop(lab.guest(104), mx6);
        LabPoll.until(
                Duration.ofSeconds(10),
                () -> v4.output().lines().count() > 3 && v6.output().lines().count() > 3,
                () -> "both loops see the MX first: " + v4.output() + v6.output());

        EnforcementAck ack = publish(state(++version, block(101, "A"), block(104, "A")));

        assertThat(ack.results())
                .extracting(ActionResult::status)
                .containsOnly(ActionStatus.APPLIED);
        v4.waitFor(Duration.ofSeconds(20));
        v6.waitFor(Duration.ofSeconds(20));
        assertThat(v4.output()).startsWith("220 ");
        assertThat(last(v4)).isEqualTo("554 5.7.1 " + notice(101, "A"));
        assertThat(v6.output()).startsWith("220 ");
        assertThat(last(v6)).isEqualTo("554 5.7.1 " + notice(104, "A"));
    }

    @Test
    @Order(3)
    void ipv6OnlyGuestsGetThe554FromSwaksInBothTopologiesAndIpv4IsUnchanged() {
        publish(state(++version, block(101, "A"), block(104, "A"), block(105, "A")));

        assertThat(swaks(lab.guest(104), mx6)).contains("554 5.7.1 " + notice(104, "A"));
        // 105's prefix is not the host's: the reply needs the agent's IPv6 route back.
        assertThat(swaks(lab.guest(105), mx6)).contains("554 5.7.1 " + notice(105, "A"));
        assertThat(lab.exec(lab.hv(), "ip", "-6", "route", "show", "table", "4025").output())
                .contains(lab.guest(105).address6() + " dev vmbr0");
        ExecResult doctor = lab.exec(lab.hv(), agent.agentCommand("doctor").toArray(String[]::new));
        assertThat(doctor.output())
                .contains("PASS  responder      [" + Lab.HOST_ADDRESS6 + "]:2525 is served by")
                .containsPattern(
                        "PASS  route-back     the responder reaches every blocked address .*"
                                + lab.guest(105).address6());
        // The dual-stack guest reads its notice over either family.
        assertThat(swaks(lab.guest(101), mx)).contains("554 5.7.1 " + notice(101, "A"));
        assertThat(swaks(lab.guest(101), mx6)).contains("554 5.7.1 " + notice(101, "A"));
    }

    @Test
    @Order(4)
    void aNewBlockWithinTheMinuteIsNotStarvedByTheAnswersSpentOnThePreviousOne() {
        LabGuest g = lab.guest(104);
        // Spend the responder's budget for this guest and ticket: 30 answers a minute, then 421.
        String spent =
                lab.exec(g.namespace(), "bash", "-c", connectLoop(mx6, 40, "554*|\"\"")).output();
        assertThat(spent).contains("554 5.7.1 " + notice(104, "A")).contains("421 4.7.1");

        publish(state(++version, block(101, "A"), block(105, "A")));
        assertThat(swaks(g, mx6)).contains("250 2.1.5 Ok");
        publish(state(++version, block(101, "A"), block(104, "B"), block(105, "A")));

        assertThat(LabSmtpProbe.greeting(lab, g, mx6, 25))
                .isEqualTo("554 5.7.1 " + notice(104, "B"));
    }

    @Test
    @Order(5)
    void liftingTheBlocksRestoresIpv6Smtp() {
        publish(state(++version));
        assertThat(swaks(lab.guest(105), mx6)).contains("250 2.1.5 Ok");
        assertThat(swaks(lab.guest(101), mx6)).contains("250 2.1.5 Ok");
        assertThat(lab.exec(lab.hv(), "ip", "-6", "route", "show", "table", "4025").output())
                .isBlank();
    }

    // --- helpers

    /**
     * A bash loop that connects to {@code ip}:25 up to {@code n} times, 10 ms apart, prints the
     * first line of each answer, and ends after the first line not matching {@code keep} (a bash
     * case pattern; {@code ""} keeps going after a connection that was reset before any answer, as
     * one caught by the block's flow deletion may be), or with {@code NEVER}.
     */
    private static String connectLoop(String ip, int n, String keep) {
        return "for ((i = 1; i <= "
                + n
                + "; i++)); do\n"
                + "  exec 3<>/dev/tcp/"
                + ip
                + "/25 || { echo CONNECT-FAILED; continue; }\n"
                + "  l=''; IFS= read -r -t 3 l <&3; exec 3<&-; l=${l%$'\\r'}; echo \"$l\"\n"
                + "  case \"$l\" in "
                + keep
                + ") sleep 0.01 ;; *) exit 0 ;; esac\n"
                + "done\n"
                + "echo NEVER\n";
    }

    /** What ended a {@link #connectLoop}: its last line. */
    private static String last(LabProcess loop) {
        List<String> lines = loop.output().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** Hammers {@code ip}:25 from {@code guest} until an answer other than the MX's 220. */
    private LabProcess spawnLoop(LabGuest guest, String ip) {
        return lab.spawn(guest.namespace(), "bash", "-c", connectLoop(ip, LOOP_LIMIT, "220*|\"\""));
    }

    private EnforcementAck publish(DesiredState state) {
        agent.desire(state);
        return agent.awaitAck(state.version(), Duration.ofSeconds(15));
    }

    private static DesiredState state(long version, DesiredAction... actions) {
        return new DesiredState(version, Instant.parse("2026-12-03T00:00:00Z"), List.of(actions));
    }

    private static DesiredAction block(int vmid, String ticket) {
        return new DesiredAction(
                "block-" + vmid + ticket,
                vmid,
                ActionType.SMTP_BLOCK,
                notice(vmid, ticket),
                null,
                null,
                null,
                null);
    }

    private static String notice(int vmid, String ticket) {
        return "Outgoing mail of VM " + vmid + " blocked, ticket LAB-" + vmid + "-" + ticket;
    }

    private String swaks(LabGuest guest, String server) {
        return LabSmtpProbe.swaks(lab, guest, server);
    }
}
