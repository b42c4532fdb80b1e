package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.protocol.PacketLimit;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * UDP and ICMP floods from a guest held to the contract's rate by the real agent, counted where
 * they arrive (an nft counter in the lab's internet namespace), while the guest's TCP still flows.
 * The floods are Python sockets in the guest's namespace, aimed at the lab's router address.
 */
class AgentFlowLimitLabTest {
    @RegisterExtension
    static final LabExtension LAB = new LabExtension(() -> Lab.builder().guestInSubnet(101));

    private static final long RATE = 500;
    private static final long BURST = 100;
    private static final Pattern COUNTED = Pattern.compile("counter packets (\\d+)");
    private static final Pattern SENT = Pattern.compile("SENT (\\d+) IN ([0-9.]+)");

    /** Sends UDP to port 9 (discard) for two seconds as fast as one socket can. */
    private static final String UDP_FLOOD =
            "import socket,time\n"
                    + "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                    + "n=0;t=time.monotonic()\n"
                    + "while time.monotonic()-t<2:\n"
                    + " s.sendto(b'x'*64,('"
                    + Lab.ROUTER_ADDRESS
                    + "',9));n+=1\n"
                    + "print('SENT %d IN %.3f'%(n,time.monotonic()-t))\n";

    /** Sends ICMP echo requests for two seconds through a raw socket (root in the lab). */
    private static final String ICMP_FLOOD =
            "import socket,struct,time\n"
                    + "def ck(b):\n"
                    + " s=sum(struct.unpack('!%dH'%(len(b)//2),b));s=(s>>16)+(s&0xffff);s+=s>>16\n"
                    + " return ~s&0xffff\n"
                    + "s=socket.socket(socket.AF_INET,socket.SOCK_RAW,socket.IPPROTO_ICMP)\n"
                    + "n=0;t=time.monotonic()\n"
                    + "while time.monotonic()-t<2:\n"
                    + " h=struct.pack('!BBHHH',8,0,0,7,n&0xffff)+b'p'*56\n"
                    + " h=h[:2]+struct.pack('!H',ck(h))+h[4:]\n"
                    + " s.sendto(h,('"
                    + Lab.ROUTER_ADDRESS
                    + "',0));n+=1\n"
                    + "print('SENT %d IN %.3f'%(n,time.monotonic()-t))\n";

    @Test
    void udpAndIcmpFloodsAreHeldToTheRateAndTcpStillFlows(Lab lab) throws Exception {
        LabGuest guest = lab.guest(101);
        lab.nft(
                lab.inet(),
                "table inet vpsguardlab_count {\n"
                        + "\tchain udp_in {\n"
                        + "\t\ttype filter hook input priority 0; policy accept;\n"
                        + "\t\tudp dport 9 counter\n\t}\n"
                        + "\tchain icmp_in {\n"
                        + "\t\ttype filter hook input priority 0; policy accept;\n"
                        + "\t\ticmp type echo-request counter\n\t}\n}\n");
        LabAgent agent = new LabAgent(lab);
        try (LabSink sink = LabSink.start(lab, List.of(Lab.ROUTER_ADDRESS + ":80"))) {
            agent.desire(state(1));
            agent.startServer();
            agent.startAgent();
            agent.awaitAck(1, Duration.ofSeconds(30));

            // Unlimited first: the flood arrives, so a low count later is the limit's doing.
            Flood free = flood(lab, guest, UDP_FLOOD, "udp_in");
            assertThat(free.received()).isGreaterThan(free.sent() / 2).isGreaterThan(5 * RATE);

            agent.desire(
                    state(
                            2,
                            DesiredAction.trafficFilter(
                                    "limit-101",
                                    101,
                                    null,
                                    new PacketLimit(RATE, BURST),
                                    new PacketLimit(RATE, BURST))));
            EnforcementAck ack = agent.awaitAck(2, Duration.ofSeconds(15));
            assertThat(ack.results())
                    .extracting(ActionResult::status)
                    .containsOnly(ActionStatus.APPLIED);

            for (String[] kind :
                    List.of(
                            new String[] {UDP_FLOOD, "udp_in"},
                            new String[] {ICMP_FLOOD, "icmp_in"})) {
                Flood held = flood(lab, guest, kind[0], kind[1]);
                long allowed = BURST + Math.round(RATE * held.seconds());
                System.out.printf(
                        "LAB flow limit %s: sent %d in %.2f s, received %d, allowed %d%n",
                        kind[1], held.sent(), held.seconds(), held.received(), allowed);
                String tables =
                        lab.exec(lab.hv(), "nft", "list", "table", "bridge", "vpsguard").output();
                assertThat(held.sent()).as(tables).isGreaterThan(4 * allowed);
                assertThat(held.received())
                        .as(tables)
                        .isLessThanOrEqualTo(allowed + allowed / 10)
                        .isGreaterThanOrEqualTo(allowed * 8 / 10);
            }
            assertThat(LabSmtpProbe.greeting(lab, guest, Lab.ROUTER_ADDRESS, 80))
                    .startsWith("220 ");
        }
    }

    private record Flood(long sent, double seconds, long received) {}

    private static Flood flood(Lab lab, LabGuest guest, String script, String chain)
            throws Exception {
        // Anonymous rule counters are not reset by nft 1.0.6's reset counters: take differences.
        long before = counted(lab, chain);
        java.nio.file.Path file = Files.createTempFile(lab.workDir(), "flood", ".py");
        Files.writeString(file, script);
        String out =
                lab.exec(guest.namespace(), "/usr/bin/python3", file.toString()).orThrow().output();
        Matcher sent = SENT.matcher(out);
        assertThat(sent.find()).as(out).isTrue();
        return new Flood(
                Long.parseLong(sent.group(1)),
                Double.parseDouble(sent.group(2)),
                counted(lab, chain) - before);
    }

    private static long counted(Lab lab, String chain) {
        String listed =
                lab.exec(lab.inet(), "nft", "list", "chain", "inet", "vpsguardlab_count", chain)
                        .orThrow()
                        .output();
        Matcher got = COUNTED.matcher(listed);
        assertThat(got.find()).as(listed).isTrue();
        return Long.parseLong(got.group(1));
    }

    private static DesiredState state(long version, DesiredAction... actions) {
        return new DesiredState(version, Instant.parse("2026-11-23T00:00:00Z"), List.of(actions));
    }
}
