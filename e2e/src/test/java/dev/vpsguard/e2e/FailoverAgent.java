package dev.vpsguard.e2e;

import dev.vpsguard.agent.client.HttpPostClient;
import dev.vpsguard.agent.report.HostCredential;
import dev.vpsguard.agent.report.ReportClient;
import dev.vpsguard.agent.report.ReportEncoder;
import dev.vpsguard.agent.report.SendOutcome;
import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.protocol.ReportReply;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One host's agent in front of several server nodes, as behind a load balancer: the agent's own
 * {@link ReportClient} and {@link ReportEncoder}; a report that gets no 2xx (node unreachable, 5xx)
 * is sent again, the same bytes, to the next node, as the agent resends from its spool. Guest 101
 * opens SMTP connections when told, guest 102 never does.
 */
final class FailoverAgent implements AutoCloseable {
    static final int BOT_VMID = 101;
    static final int QUIET_VMID = 102;

    final HostCredential host;
    final boolean bot;
    private final String instance = UUID.randomUUID().toString();
    private final List<HttpPostClient> http = new ArrayList<>();
    private final List<ReportClient> nodes = new ArrayList<>();
    private final Set<Long> accepted = ConcurrentHashMap.newKeySet();
    private int node;
    private long seq;
    private volatile int resent;

    /** Sends to {@code urls.get(home)} until that node fails, then to the next one. */
    FailoverAgent(HostCredential host, boolean bot, List<URI> urls, int home) {
        this.host = host;
        this.bot = bot;
        this.node = home % urls.size();
        for (URI u : urls) {
            HttpPostClient c =
                    new HttpPostClient(u, null, Duration.ofSeconds(2), Duration.ofSeconds(10));
            http.add(c);
            nodes.add(new ReportClient(c, host));
        }
    }

    String hostId() {
        return host.hostId();
    }

    /**
     * Sends the next report, sent at {@code at}; guest 101 opens {@code smtp} connections (when
     * this host is a bot). Returns the reply of the node that took it.
     */
    synchronized ReportReply send(Instant at, long smtp, Duration deadline) {
        seq++;
        byte[] body =
                ReportEncoder.encode(
                        Reports.report(
                                host.hostId(),
                                instance,
                                seq,
                                at,
                                List.of(
                                        Reports.guest(BOT_VMID, bot ? smtp : 0, at),
                                        Reports.guest(QUIET_VMID, 0, at))));
        long end = System.nanoTime() + deadline.toNanos();
        List<String> failures = new ArrayList<>();
        while (System.nanoTime() < end) {
            SendOutcome o = nodes.get(node).send(body);
            if (o instanceof SendOutcome.Accepted a) {
                accepted.add(seq);
                return a.reply();
            }
            if (!(o instanceof SendOutcome.Retry r)) {
                throw new AssertionError("report " + seq + " of " + hostId() + " refused: " + o);
            }
            failures.add("node " + node + ": " + r.reason());
            node = (node + 1) % nodes.size();
            resent++;
            if (failures.size() % nodes.size() == 0) {
                pause(); // every node failed this round: back off as the agent does
            }
        }
        throw new AssertionError(
                "report " + seq + " of " + hostId() + " was never taken: " + failures);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The seqs some node answered with a 2xx. */
    Set<Long> accepted() {
        return Set.copyOf(accepted);
    }

    synchronized long seq() {
        return seq;
    }

    /** Sends that got no 2xx and went again to the next node. */
    int resent() {
        return resent;
    }

    /** Whether {@code reply} asks for an SMTP block of guest {@code vmid}. */
    static boolean blocks(ReportReply reply, int vmid) {
        return reply.desiredState().actions().stream()
                .anyMatch(a -> a.vmid() == vmid && a.type() == ActionType.SMTP_BLOCK);
    }

    @Override
    public void close() {
        http.forEach(HttpPostClient::close);
    }
}
