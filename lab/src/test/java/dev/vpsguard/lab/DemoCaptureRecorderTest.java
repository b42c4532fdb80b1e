package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.smtp.ConntrackEvent;
import dev.vpsguard.agent.smtp.ConntrackEventParser;
import dev.vpsguard.agent.smtp.ConntrackEventSource;
import dev.vpsguard.agent.smtp.ConntrackParseException;
import dev.vpsguard.agent.smtp.WatchTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records the demo's SMTP capture ({@code agent/src/main/resources/replay/demo-smtp.conntrack},
 * which {@code smtp.replay: {file: "builtin:demo"}} replays): real {@code conntrack -E} output of
 * the agent's own IPv4 commands ({@link ConntrackEventSource#DEFAULT_COMMANDS}) in the lab's
 * hypervisor namespace, with the agent's watch tables, while three guests with the demo inventory's
 * addresses ({@code scripts/demo.sh}) send mail:
 *
 * <ul>
 *   <li>vmid 102, 203.0.113.5 (mail-102): a legitimate small mail server, three messages by swaks
 *       to two MX addresses, spread over the recording;
 *   <li>vmid 200, 198.51.100.200 (ct-200): a newsletter, two bursts to every accepting MX, all
 *       accepted, below the default policy's burst threshold;
 *   <li>vmid 101, 198.51.100.101 (web-101): a spam bot, 300 RCPT probes at 6/s to all 48 MX
 *       addresses, more than half refused or unanswered: the default policy's burst (&gt; 60 new
 *       connections a minute) and failure-ratio (&gt; 0.5 over &ge; 30 connections) rules fire.
 * </ul>
 *
 * The recording goes on until every flow has its DESTROY (kernel default timeouts: the TIME_WAIT
 * and SYN_SENT entries expire after 120 s, reported by the garbage collector up to a minute later),
 * so each replay loop is complete and no flow is left open across loops. Needs root (the lab);
 * takes about five minutes; skipped unless {@code -Dvpsguard.record=true}:
 *
 * <pre>
 * mvn -B -o -q -pl agent -am test -Dtest=DemoCaptureRecorderTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dvpsguard.record=true
 * </pre>
 *
 * Writes {@code src/main/resources/replay/demo-smtp.conntrack} of the agent module, or the file
 * named by {@code -Dvpsguard.record.out=PATH}.
 */
@Tag("record")
@EnabledIfSystemProperty(
        named = "vpsguard.record",
        matches = "true",
        disabledReason = "recording skipped: run with -Dvpsguard.record=true")
class DemoCaptureRecorderTest {
    static final String SPAM = "198.51.100.101";
    static final String MAIL = "203.0.113.5";
    static final String NEWSLETTER = "198.51.100.200";
    static final int SPAM_CONNECTIONS = 300;
    static final int SPAM_RATE = 6;
    static final long SPAM_SEED = 2024L;
    static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

    @RegisterExtension
    static final LabExtension LAB =
            new LabExtension(
                    () ->
                            Lab.builder()
                                    .guestInSubnet(101)
                                    .guestOutOfSubnet(102, 5)
                                    .guestInSubnet(200, 200)
                                    .mx(20, 14, 14));

    @Test
    void recordTheDemoCapture(Lab lab) throws Exception {
        Map<String, String> sysctls = new LinkedHashMap<>();
        for (String key :
                List.of(
                        "net.netfilter.nf_conntrack_tcp_timeout_syn_sent",
                        "net.netfilter.nf_conntrack_tcp_timeout_time_wait",
                        "net.netfilter.nf_conntrack_acct")) {
            sysctls.put(key, lab.exec(lab.hv(), "sysctl", "-n", key).orThrow().output().strip());
        }
        // The replay assumes the kernel defaults (SmtpObservation uses 120 s for replayed flows).
        assertThat(sysctls.get("net.netfilter.nf_conntrack_tcp_timeout_syn_sent")).isEqualTo("120");
        lab.nft(lab.hv(), WatchTables.script(java.time.Duration.ofSeconds(5), Instant.now()));

        List<LabProcess> streams = new ArrayList<>();
        for (List<String> command : ipv4Commands()) {
            List<String> argv = new ArrayList<>(command);
            argv.set(0, LabPrerequisites.tool("conntrack"));
            streams.add(lab.spawn(lab.hv(), argv.toArray(String[]::new)));
        }
        try (LabSink sink = LabSink.start(lab)) {
            awaitBothStreams(lab, streams, sink);
            Instant started = Instant.now();
            playTheDay(lab);
            awaitEveryDestroy(streams);
            List<String> kept = merge(streams);
            String header = header(lab, sysctls, started, kept);
            Path out =
                    Path.of(
                            System.getProperty(
                                    "vpsguard.record.out",
                                    "../agent/src/main/resources/replay/demo-smtp.conntrack"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, header + String.join("\n", kept) + "\n", StandardCharsets.UTF_8);
            System.out.println(
                    "DEMO-CAPTURE " + out.toAbsolutePath() + " " + kept.size() + " lines");
            Counts spam = Counts.of(kept, SPAM);
            assertThat(spam.newConnections).isEqualTo(SPAM_CONNECTIONS);
            assertThat(spam.refused + spam.unreplied)
                    .as("more than half of the spam bot's probes fail")
                    .isGreaterThan(SPAM_CONNECTIONS / 2);
            assertThat(Counts.of(kept, NEWSLETTER).established)
                    .isEqualTo(Counts.of(kept, NEWSLETTER).newConnections)
                    .isEqualTo(40);
            assertThat(Counts.of(kept, MAIL).established).isEqualTo(3);
        } finally {
            streams.forEach(LabProcess::stop);
        }
    }

    /** The agent's IPv4 commands, exactly as it runs them. */
    static List<List<String>> ipv4Commands() {
        return ConntrackEventSource.DEFAULT_COMMANDS.stream()
                .filter(c -> c.contains("ipv4"))
                .toList();
    }

    /**
     * Probe connections from the host itself to an accepting MX until both streams show one (the
     * UPDATE stream only sees accepted flows). Removed from the capture with every other non-guest
     * flow.
     */
    private static void awaitBothStreams(Lab lab, List<LabProcess> streams, LabSink sink) {
        String probe =
                "exec 3<>/dev/tcp/" + lab.mx().accepting().get(0) + "/25; head -c 3 <&3 >/dev/null";
        LabPoll.until(
                Duration.ofSeconds(20),
                () -> {
                    lab.exec(lab.hv(), "timeout", "2", "bash", "-c", probe);
                    return streams.stream()
                            .allMatch(s -> s.output().contains("src=" + Lab.HOST_ADDRESS + " "));
                },
                () -> "both conntrack streams to report a probe flow: " + streams);
    }

    /**
     * About a minute of mail: the legitimate server's three messages at 0, 25 and 55 s, the
     * newsletter's bursts at 5 s, the spam bot from 15 s for about 50 s.
     */
    private static void playTheDay(Lab lab) throws Exception {
        LabGuest mail = lab.guest(102);
        LabGuest newsletter = lab.guest(200);
        LabGuest spam = lab.guest(101);
        assertThat(List.of(spam.address(), mail.address(), newsletter.address()))
                .containsExactly(SPAM, MAIL, NEWSLETTER);
        TrafficProfile legit = TrafficProfile.legitimateMailServer(lab.mx());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            long t0 = System.nanoTime();
            Future<?> messages =
                    pool.submit(
                            () -> {
                                long[] at = {0, 25_000, 55_000};
                                List<TrafficPlan.Connect> connects = legit.plan().connects();
                                for (int i = 0; i < connects.size(); i++) {
                                    sleepUntil(t0, at[i]);
                                    GeneratorResult r =
                                            ProfileRunner.run(
                                                    lab, mail, oneMessage(lab, connects.get(i)));
                                    assertThat(r.accepted()).as("swaks delivered").isEqualTo(1);
                                }
                                return null;
                            });
            sleepUntil(t0, 5_000);
            ProfileRunner.Started letter =
                    ProfileRunner.start(
                            lab, newsletter, TrafficProfile.newsletter(lab.mx(), 2, 2_000), 30);
            sleepUntil(t0, 15_000);
            ProfileRunner.Started bot =
                    ProfileRunner.start(
                            lab,
                            spam,
                            TrafficProfile.spamBot(
                                    lab.mx(), SPAM_CONNECTIONS, SPAM_RATE, SPAM_SEED),
                            60);
            GeneratorResult letterResult = ProfileRunner.result(letter);
            assertThat(letterResult.accepted()).isEqualTo(40);
            GeneratorResult botResult = ProfileRunner.result(bot);
            assertThat(botResult.stoppedEarly()).as("the spam bot's plan was cut short").isFalse();
            assertThat(botResult.attempted()).isEqualTo(SPAM_CONNECTIONS);
            messages.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static TrafficProfile oneMessage(Lab lab, TrafficPlan.Connect connect) {
        TrafficPlan plan = new TrafficPlan(List.of(connect));
        return new TrafficProfile(
                "legitimate mail server",
                TrafficProfile.Client.SWAKS,
                plan,
                "",
                0,
                1,
                GroundTruth.of(plan, lab.mx()));
    }

    private static void sleepUntil(long t0, long millis) {
        long left = millis - (System.nanoTime() - t0) / 1_000_000;
        if (left > 0) {
            LabPoll.sleep(left);
        }
    }

    /** Waits until every guest flow that had a NEW has had its DESTROY. */
    private static void awaitEveryDestroy(List<LabProcess> streams) {
        LabPoll.until(
                DRAIN_TIMEOUT,
                () -> openFlows(events(streams)).isEmpty(),
                () -> "every guest flow destroyed; open: " + openFlows(events(streams)).size());
    }

    private static Set<String> openFlows(List<Line> lines) {
        Set<String> open = new HashSet<>();
        for (Line l : lines) {
            String key = l.event.id() + " " + l.event.original();
            if (l.event.type() == ConntrackEvent.Type.NEW) {
                open.add(key);
            } else if (l.event.type() == ConntrackEvent.Type.DESTROY) {
                open.remove(key);
            }
        }
        return open;
    }

    /** The guests' events of both streams, each stream in its own order. */
    private static List<Line> events(List<LabProcess> streams) {
        Set<String> guests = Set.of(SPAM, MAIL, NEWSLETTER);
        List<Line> out = new ArrayList<>();
        for (int s = 0; s < streams.size(); s++) {
            List<String> lines = streams.get(s).output().lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                ConntrackEvent e;
                try {
                    e = ConntrackEventParser.parse(lines.get(i));
                } catch (ConntrackParseException notAnEvent) {
                    continue; // conntrack's own messages (e.g. the count it prints on exit)
                }
                if (guests.contains(e.original().source().getHostAddress())) {
                    out.add(new Line(lines.get(i).strip(), e, s, i));
                }
            }
        }
        return out;
    }

    /** Both streams in timestamp order; on a tie the NEW/DESTROY stream first, then line order. */
    private static List<String> merge(List<LabProcess> streams) {
        return events(streams).stream()
                .sorted(
                        Comparator.comparing((Line l) -> l.event.timestamp())
                                .thenComparingInt(l -> l.stream)
                                .thenComparingInt(l -> l.index))
                .map(l -> l.text)
                .toList();
    }

    private static String header(
            Lab lab, Map<String, String> sysctls, Instant started, List<String> kept)
            throws IOException {
        String kernel = lab.exec(lab.hv(), "uname", "-r").orThrow().output().strip();
        String conntrack =
                lab.exec(lab.hv(), LabPrerequisites.tool("conntrack"), "--version")
                        .orThrow()
                        .output()
                        .strip();
        List<String> mx = lab.mx().all();
        StringBuilder h = new StringBuilder();
        h.append("# vpsguard demo SMTP capture, replayed by the agent with smtp.replay.file:")
                .append(" \"builtin:demo\" (demos and tests only).\n")
                .append("# Real `conntrack -E` output, recorded ")
                .append(started.truncatedTo(ChronoUnit.SECONDS))
                .append(" in the namespace lab (kernel ")
                .append(kernel)
                .append(", ")
                .append(conntrack)
                .append(") by\n")
                .append("#   mvn -B -o -q -pl agent -am test -Dtest=DemoCaptureRecorderTest")
                .append(" -Dsurefire.failIfNoSpecifiedTests=false -Dvpsguard.record=true\n")
                .append("# (lab/src/test/java/dev/vpsguard/lab/DemoCaptureRecorderTest.java).")
                .append(" Commands, run in the lab's hypervisor\n")
                .append("# namespace with the agent's watch tables installed")
                .append(" (ConntrackEventSource.DEFAULT_COMMANDS, IPv4):\n");
        for (List<String> c : ipv4Commands()) {
            h.append("#   ").append(String.join(" ", c)).append('\n');
        }
        h.append("# Kernel settings in that namespace: ");
        sysctls.forEach(
                (k, v) ->
                        h.append(k.substring(k.lastIndexOf('.') + 1))
                                .append('=')
                                .append(v)
                                .append(' '));
        h.append("(defaults).\n")
                .append("# The two streams are merged in timestamp order. Only the three guests'")
                .append(" flows are kept (the recorder's\n")
                .append("# readiness probes from the host, ")
                .append(Lab.HOST_ADDRESS)
                .append(", are removed); nothing is rewritten: the lab gave the guests the\n")
                .append("# addresses of scripts/demo.sh's static inventory. The recording runs")
                .append(" until every flow has its DESTROY.\n")
                .append("# MX addresses: ")
                .append(range(lab.mx().accepting()))
                .append(" accept, ")
                .append(range(lab.mx().refusing()))
                .append(" refuse (RST), ")
                .append(range(lab.mx().dropping()))
                .append(" drop SYNs (unreplied).\n")
                .append("# Guests:\n")
                .append("#   ")
                .append(MAIL)
                .append("    vmid 102 mail-102: legitimate small mail server, 3 messages by swaks")
                .append(" (0, 25, 55 s)\n")
                .append("#   ")
                .append(NEWSLETTER)
                .append(" vmid 200 ct-200:   newsletter, 2 bursts to the ")
                .append(lab.mx().accepting().size())
                .append(" accepting MX (5 s), all accepted\n")
                .append("#   ")
                .append(SPAM)
                .append(" vmid 101 web-101:  spam bot, ")
                .append(SPAM_CONNECTIONS)
                .append(" RCPT probes at ")
                .append(SPAM_RATE)
                .append("/s to random MX of all ")
                .append(mx.size())
                .append(" (from 15 s)\n")
                .append("# Counts from the lines below (new, established, refused, unreplied,")
                .append(" distinct destinations):\n");
        for (String guest : List.of(MAIL, NEWSLETTER, SPAM)) {
            Counts c = Counts.of(kept, guest);
            h.append("#   ")
                    .append(String.format("%-15s", guest))
                    .append(' ')
                    .append(c.newConnections)
                    .append(' ')
                    .append(c.established)
                    .append(' ')
                    .append(c.refused)
                    .append(' ')
                    .append(c.unreplied)
                    .append(' ')
                    .append(c.destinations.size())
                    .append('\n');
        }
        return h.toString();
    }

    private static String range(List<String> addresses) {
        String last = addresses.get(addresses.size() - 1);
        return addresses.get(0) + "-" + last.substring(last.lastIndexOf('.') + 1);
    }

    private record Line(String text, ConntrackEvent event, int stream, int index) {}

    /** Per-guest figures of a capture, for its header and the sanity checks. */
    static final class Counts {
        long newConnections;
        long established;
        long refused;
        long unreplied;
        final Set<String> destinations = new HashSet<>();

        static Counts of(List<String> lines, String source) {
            Counts c = new Counts();
            Set<String> establishedFlows = new HashSet<>();
            for (String line : lines) {
                ConntrackEvent e;
                try {
                    e = ConntrackEventParser.parse(line);
                } catch (ConntrackParseException ex) {
                    throw new IllegalStateException(ex);
                }
                if (!e.original().source().getHostAddress().equals(source)) {
                    continue;
                }
                String flow = e.id() + " " + e.original();
                switch (e.type()) {
                    case NEW -> {
                        c.newConnections++;
                        c.destinations.add(e.original().destination().getHostAddress());
                    }
                    case DESTROY -> {
                        if (e.state() == ConntrackEvent.TcpState.CLOSE) {
                            c.refused++;
                        } else if (e.unreplied()) {
                            c.unreplied++;
                        }
                    }
                    default -> {}
                }
                if ((e.state() == ConntrackEvent.TcpState.ESTABLISHED || e.assured())
                        && establishedFlows.add(flow)) {
                    c.established++;
                }
            }
            return c;
        }
    }
}
