package dev.vpsguard.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.lab.Lab;
import dev.vpsguard.lab.LabAgent;
import dev.vpsguard.lab.LabExtension;
import dev.vpsguard.lab.LabGuest;
import dev.vpsguard.lab.LabPoll;
import dev.vpsguard.lab.LabSink;
import dev.vpsguard.lab.LabSmtpProbe;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The unixo-cloud contract's R7 filters end to end: the packaged server (H2, in {@code hv}) sends
 * the contract's {@code traffic_filter} to the real agent once it reports flows, and the agent's
 * nftables hold a guest's {@code hping3} UDP and ICMP floods to the contract's rates (20,000 and
 * 100 packets/s, bursts 40,000 and 200), counted where they arrive (an nft counter in the lab's
 * internet namespace) against what left the guest (one in the guest's namespace), while its TCP
 * still flows and TCP 445 (SMB, filtered) no longer answers, also after a hand flush of the guest's
 * chain and after an agent restart over deleted tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrafficFilterLabEndToEndTest {
    private static final Pattern COUNTED = Pattern.compile("counter packets (\\d+)");
    private static final String ROUTER = Lab.ROUTER_ADDRESS;

    @RegisterExtension
    static final LabExtension LAB = new LabExtension(() -> Lab.builder().guestInSubnet(101));

    private Lab lab;
    private LabGuest guest;
    private LabSink sink;
    private LabServer server;
    private LabAgent agent;

    @BeforeAll
    void start(Lab lab) throws IOException {
        this.lab = lab;
        this.guest = lab.guest(101);
        String count =
                "\t\ttype filter hook %s priority 0; policy accept;\n"
                        + "\t\tudp dport 9 counter\n\t\ticmp type echo-request counter\n";
        lab.nft(
                lab.inet(),
                "table inet vpsguardlab_count {\n\tchain in {\n"
                        + String.format(count, "input")
                        + "\t}\n}\n");
        lab.nft(
                guest.namespace(),
                "table inet vpsguardlab_count {\n\tchain in {\n"
                        + String.format(count, "output")
                        + "\t}\n}\n");
        sink = LabSink.start(lab, List.of(ROUTER + ":80", ROUTER + ":445"));
        assertThat(greeting(445)).as("SMB answers before any filter").startsWith("220 ");
        server = new LabServer(lab, Map.of());
        agent = new LabAgent(lab, "smtp:\n  enabled: true\n", 1, true);
        String guestId = server.enrollAndStart(agent, 1).get(101);
        server.assign("unixo-cloud", List.of(guestId));
        LabPoll.until(
                Duration.ofSeconds(30),
                () -> guestChain().contains("445"),
                () ->
                        "the contract's traffic_filter in the agent's tables: "
                                + guestChain()
                                + "\nagent log:\n"
                                + agent.agent().output());
        // The agent takes its drift baseline right after applying: a hand flush that lands
        // between the two would become the baseline. Two more reports mean that apply is done.
        double seq = agentSeq();
        LabPoll.until(
                Duration.ofSeconds(30),
                () -> agentSeq() >= seq + 2,
                () -> "two reports after the filter's apply (seq was " + seq + ")");
    }

    @AfterAll
    void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void aUdpFloodIsHeldToTheContractsRateWhileTcpFlows() {
        Flood f = flood(0, "--udp", "-p", "9", "-d", "64");
        f.assertHeldTo("udp", 20_000, 40_000);
        assertThat(greeting(80)).as("TCP after the flood").startsWith("220 ");
    }

    @Test
    void anIcmpFloodIsHeldToTheContractsRate() {
        Flood f = flood(1, "-1");
        f.assertHeldTo("icmp", 100, 200);
        assertThat(greeting(80)).as("TCP after the flood").startsWith("220 ");
    }

    @Test
    void theFilteredPortIsUnreachableWhileOtherTrafficFlows() {
        assertThat(greeting(445)).isEqualTo("TIMEOUT");
        assertThat(greeting(80)).startsWith("220 ");
    }

    /**
     * A hand flush of the guest's chain is repaired, and after an agent restart over deleted tables
     * the filter is back; the filter stays in force at the end for the other tests.
     */
    @Test
    void theFilterSurvivesAHandFlushAndAnAgentRestart() {
        lab.exec(lab.hv(), "nft", "flush", "chain", "bridge", "vpsguard", "guest_101_out")
                .orThrow();
        awaitFiltered("the flushed chain repaired");

        agent.agent().stop();
        lab.exec(lab.hv(), "nft", "delete", "table", "bridge", "vpsguard"); // may be gone already
        assertThat(greeting(445)).as("no agent, no tables: SMB answers").startsWith("220 ");
        agent.startAgent();
        awaitFiltered("the filter after the agent's restart");
        assertThat(greeting(80)).startsWith("220 ");
    }

    private void awaitFiltered(String what) {
        LabPoll.until(
                Duration.ofSeconds(30),
                () -> guestChain().contains("445") && greeting(445).equals("TIMEOUT"),
                () -> what + ": " + guestChain() + "\nagent log:\n" + agent.agent().output());
    }

    private record Flood(long sent, long received, double seconds) {
        void assertHeldTo(String what, long rate, long burst) {
            long allowed = burst + Math.round(rate * seconds);
            System.out.printf(
                    "LAB e2e %s flood (unixo-cloud): sent %d in %.2f s, received %d, allowed %d%n",
                    what, sent, seconds, received, allowed);
            assertThat(sent).as("the flood must outrun the limit").isGreaterThan(allowed * 3 / 2);
            assertThat(received)
                    .isLessThanOrEqualTo(allowed + allowed / 10)
                    .isGreaterThanOrEqualTo(Math.round(rate * seconds) / 2);
        }
    }

    /** hping3 --flood for two seconds; counter {@code rule} (0 UDP, 1 ICMP) at both ends. */
    private Flood flood(int rule, String... mode) {
        long sent0 = counted(guest.namespace(), rule);
        long received0 = counted(lab.inet(), rule);
        String[] cmd = new String[mode.length + 7];
        System.arraycopy(
                new String[] {"timeout", "-s", "INT", "2", "hping3", "--flood", "-q"},
                0,
                cmd,
                0,
                7);
        System.arraycopy(mode, 0, cmd, 7, mode.length);
        cmd =
                java.util.stream.Stream.concat(
                                java.util.Arrays.stream(cmd), java.util.stream.Stream.of(ROUTER))
                        .toArray(String[]::new);
        long started = System.nanoTime();
        lab.exec(guest.namespace(), cmd);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Flood(
                counted(guest.namespace(), rule) - sent0,
                counted(lab.inet(), rule) - received0,
                seconds);
    }

    /** The {@code rule}-th counter of the namespace's count chain. */
    private long counted(String namespace, int rule) {
        String listed =
                lab.exec(namespace, "nft", "list", "chain", "inet", "vpsguardlab_count", "in")
                        .orThrow()
                        .output();
        Matcher m = COUNTED.matcher(listed);
        for (int i = 0; i <= rule; i++) {
            assertThat(m.find()).as(listed).isTrue();
        }
        return Long.parseLong(m.group(1));
    }

    private double agentSeq() {
        String metrics =
                lab.exec(lab.hv(), "curl", "-sS", "http://127.0.0.1:9477/metrics")
                        .orThrow()
                        .output();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("vpsguard_agent_seq ")) {
                return Double.parseDouble(line.substring("vpsguard_agent_seq ".length()).trim());
            }
        }
        throw new AssertionError("no vpsguard_agent_seq in the agent's /metrics:\n" + metrics);
    }

    private String guestChain() {
        return lab.exec(lab.hv(), "nft", "list", "table", "bridge", "vpsguard").output();
    }

    private String greeting(int port) {
        return LabSmtpProbe.greeting(lab, guest, ROUTER, port);
    }
}
