package dev.vpsguard.agent.smtp;

import dev.vpsguard.agent.smtp.CountingListing.Counts;
import dev.vpsguard.agent.smtp.CountingListing.Dest;
import dev.vpsguard.agent.smtp.CountingListing.Flow;
import dev.vpsguard.agent.smtp.CountingListing.Pending;
import dev.vpsguard.protocol.FlowWindow;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns one quiet generation of the kernel's counting sets ({@link CountingRules}) into the
 * window's {@link SmtpWindows}, flow counts included. Pure: the listing, the attribution and the
 * window's bounds in, counts out; addresses never leave it (contract S4).
 *
 * <p>Failures follow from a balance per source, since each attempt ends answered, refused, still
 * pending or failed: failed in this window = new − answered (− refused for SMTP) + pending at the
 * last close − pending now. So an attempt unanswered at its deadline counts in the window in which
 * the deadline falls, as the conntrack-event route counted it; an answer after the deadline finds
 * no pending entry and is not counted answered. Per guest the balance is floored at 0.
 */
public final class KernelWindows {
    /**
     * TCP ports watched for brute force: FTP, SSH, Telnet, POP3, IMAP, SMTPS, submission, IMAPS,
     * POP3S, MS SQL, MySQL, RDP, PostgreSQL, VNC. Port 25 is judged by the SMTP window.
     */
    public static final List<Integer> SERVICE_PORTS =
            List.of(21, 22, 23, 110, 143, 465, 587, 993, 995, 1433, 3306, 3389, 5432, 5900);

    private static final Set<Integer> SERVICES = Set.copyOf(SERVICE_PORTS);

    private final RecentWindows recent;
    private final int distinctCap;

    /** Flows waiting for an answer at the last close, per source: [TCP and UDP, SMTP]. */
    private Map<InetAddress, long[]> pendingBefore = new HashMap<>();

    public KernelWindows(int distinctCap, Instant observedSince) {
        this.distinctCap = distinctCap;
        this.recent = new RecentWindows(distinctCap, observedSince);
    }

    /**
     * The first close after a start learns what was pending without counting it: the attempts made
     * before the agent's last close (reported or not) are not this window's.
     */
    public synchronized void baseline(List<Pending> pending) {
        pendingBefore = pendingBySource(pending);
    }

    /** Counts kept by the kernel since {@code since} (a restart) make the 10 minutes start then. */
    public synchronized void observedSince(Instant since) {
        recent.observedSince(since);
    }

    /** Closes the window [{@code start}, {@code end}) from the quiet generation's sets. */
    public synchronized SmtpWindows close(
            Counts quiet,
            List<Pending> pending,
            SourceAttribution who,
            Instant start,
            Instant end) {
        Map<InetAddress, long[]> pendingNow = pendingBySource(pending);
        Map<Integer, Guest> guests = new HashMap<>();
        for (Flow f : quiet.flows()) {
            Guest g = guest(guests, who, f.source());
            g.newFlows += f.packets();
            if (isTcpOrUdp(f.protocol())) {
                g.failed += f.packets();
            }
            if (isSmtp(f.protocol(), f.port())) {
                g.smtp.newConnections += f.packets();
                g.smtp.unreplied += f.packets();
            }
        }
        for (Flow f : quiet.answered()) {
            Guest g = guest(guests, who, f.source());
            g.failed -= f.packets();
            if (isSmtp(f.protocol(), f.port())) {
                g.smtp.established += f.packets();
                g.smtp.unreplied -= f.packets();
            }
        }
        for (Map.Entry<InetAddress, Long> r : quiet.refused().entrySet()) {
            Guest g = guest(guests, who, r.getKey());
            g.smtp.resetOrRefused += r.getValue();
            g.smtp.unreplied -= r.getValue();
        }
        Set<InetAddress> sources = new HashSet<>(pendingBefore.keySet());
        sources.addAll(pendingNow.keySet());
        for (InetAddress source : sources) {
            long[] before = pendingBefore.getOrDefault(source, new long[2]);
            long[] now = pendingNow.getOrDefault(source, new long[2]);
            if (before[0] != now[0] || before[1] != now[1]) {
                Guest g = guest(guests, who, source);
                g.failed += before[0] - now[0];
                g.smtp.unreplied += before[1] - now[1];
            }
        }
        pendingBefore = pendingNow;
        for (Dest d : quiet.dests()) {
            Guest g = guest(guests, who, d.source());
            g.dests.add(d);
            if (isSmtp(d.protocol(), d.port())) {
                g.smtp.destination(d.destination());
            }
        }
        Map<Integer, WindowCounts> smtp = new HashMap<>();
        Map<Integer, FlowWindow> flows = new HashMap<>();
        for (Map.Entry<Integer, Guest> e : guests.entrySet()) {
            Guest g = e.getValue();
            g.smtp.unreplied = Math.max(0, g.smtp.unreplied);
            smtp.put(e.getKey(), g.smtp);
            if (e.getKey() != SourceAttribution.UNATTRIBUTED) {
                flows.put(e.getKey(), g.toFlowWindow(start, end));
            }
        }
        return recent.close(smtp, flows, start, end, false);
    }

    private Guest guest(Map<Integer, Guest> guests, SourceAttribution who, InetAddress source) {
        return guests.computeIfAbsent(who.vmidOf(source), v -> new Guest(distinctCap));
    }

    private static Map<InetAddress, long[]> pendingBySource(List<Pending> pending) {
        Map<InetAddress, long[]> out = new HashMap<>();
        for (Pending p : pending) {
            long[] n = out.computeIfAbsent(p.source(), s -> new long[2]);
            n[0]++;
            if (isSmtp(p.protocol(), p.port())) {
                n[1]++;
            }
        }
        return out;
    }

    private static boolean isTcpOrUdp(String protocol) {
        return "tcp".equals(protocol) || "udp".equals(protocol);
    }

    private static boolean isSmtp(String protocol, int port) {
        return port == 25 && "tcp".equals(protocol);
    }

    /** One guest's counts while a window closes. */
    private static final class Guest {
        final WindowCounts smtp;
        final List<Dest> dests = new ArrayList<>();
        long newFlows;
        long failed;

        Guest(int distinctCap) {
            this.smtp = new WindowCounts(distinctCap);
        }

        FlowWindow toFlowWindow(Instant start, Instant end) {
            // Several addresses of one guest may reach the same destination and port: merge.
            Map<InetAddress, Map<Integer, Long>> byDestination = new HashMap<>();
            Map<Integer, Set<InetAddress>> byPort = new HashMap<>();
            Map<Integer, Map<InetAddress, Long>> services = new TreeMap<>();
            for (Dest d : dests) {
                byDestination
                        .computeIfAbsent(d.destination(), x -> new HashMap<>())
                        .merge(d.port(), d.packets(), Long::sum);
                byPort.computeIfAbsent(d.port(), x -> new HashSet<>()).add(d.destination());
                if ("tcp".equals(d.protocol()) && SERVICES.contains(d.port())) {
                    services.computeIfAbsent(d.port(), x -> new HashMap<>())
                            .merge(d.destination(), d.packets(), Long::sum);
                }
            }
            long pairs = 0;
            long maxPorts = 0;
            for (Map<Integer, Long> ports : byDestination.values()) {
                pairs += ports.size();
                maxPorts = Math.max(maxPorts, ports.size());
            }
            long maxDestinations = 0;
            for (Set<InetAddress> d : byPort.values()) {
                maxDestinations = Math.max(maxDestinations, d.size());
            }
            List<FlowWindow.ServiceAttempts> watched = new ArrayList<>();
            for (Map.Entry<Integer, Map<InetAddress, Long>> s : services.entrySet()) {
                long attempts = 0;
                long most = 0;
                for (long n : s.getValue().values()) {
                    attempts += n;
                    most = Math.max(most, n);
                }
                watched.add(new FlowWindow.ServiceAttempts(s.getKey(), attempts, most));
            }
            return new FlowWindow(
                    start,
                    end,
                    newFlows,
                    byDestination.size(),
                    pairs,
                    maxPorts,
                    maxDestinations,
                    Math.max(0, failed),
                    watched);
        }
    }
}
