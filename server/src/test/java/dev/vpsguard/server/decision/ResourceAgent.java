package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.protocol.FlowWindow;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One enrolled host with guest 101 (a 2-vCPU VM) whose agent reports the resource figures a test
 * chooses, every {@link #INTERVAL} of the server's clock.
 */
public final class ResourceAgent {
    public static final Duration INTERVAL = Duration.ofSeconds(30);
    static final int VMID = 101;
    static final int CORES = 2;

    final TestServer server;
    final Agents.Enrolled host;

    /** The API side (reads, tokens); its own reports are not used. */
    final LadderDriver api;

    long seq;

    private ResourceAgent(TestServer server, Agents.Enrolled host) {
        this.server = server;
        this.host = host;
        this.api = new LadderDriver(server, host, 0);
    }

    public static ResourceAgent enroll(TestServer server) {
        return new ResourceAgent(server, Agents.enroll(server, "pve-resources"));
    }

    /** The same host reporting to another server (a restart), after report {@code lastSeq}. */
    static ResourceAgent resume(TestServer server, Agents.Enrolled host, long lastSeq) {
        ResourceAgent a = new ResourceAgent(server, host);
        a.seq = lastSeq;
        return a;
    }

    /**
     * An operator policy file: egress over 100 Mbit/s for 10 min is abuse, each step in the given
     * mode ({@code auto}, {@code approve}, {@code dry-run}).
     */
    public static String egressPolicy(
            String contract, String warn, String throttle, String isolate, String suspend) {
        return """
               contract: %s
               title: "test: %s"
               resources:
                 egress:
                   max_mbit_per_sec: 100
                   throttle_floor_mbit_per_sec: 100
                   sustained: 10m
                   clause: "test Art. 2: 100 Mbit/s"
                 actions:
                   warn: %s
                   throttle: %s
                   isolate: %s
                   suspend: %s
                   clause: "test Art. 4: %s"
               """
                .formatted(contract, contract, warn, throttle, isolate, suspend, contract);
    }

    /** What the guest used over one cycle. */
    public record Use(double cpuCores, double txBytesPerSec) {
        public static Use idle() {
            return new Use(0.1, 10_000);
        }

        public static Use cpu(double cores) {
            return new Use(cores, 10_000);
        }

        public static Use egressMbit(double mbit) {
            return new Use(0.2, mbit * 1_000_000 / 8);
        }
    }

    /** One report {@link #INTERVAL} after the last one. */
    public JsonNode report(double hostCpuPercent, Use use) {
        return report(null, hostCpuPercent, use);
    }

    JsonNode report(EnforcementAck ack, double hostCpuPercent, Use use) {
        return report(ack, hostCpuPercent, use, null);
    }

    /** One report whose guest also carries {@code flows} (null: an agent that counts none). */
    JsonNode report(EnforcementAck ack, double hostCpuPercent, Use use, FlowWindow flows) {
        server.clock().advance(INTERVAL);
        Instant at = server.clock().instant();
        GuestSample guest =
                new GuestSample(
                        VMID,
                        GuestKind.QEMU,
                        "shop-web",
                        GuestStatus.RUNNING,
                        CORES,
                        4L << 30,
                        List.of(
                                new GuestNic(
                                        "net0",
                                        "tap" + VMID + "i0",
                                        "bc:24:11:00:00:01",
                                        "vmbr0",
                                        true,
                                        List.of("203.0.113.17"))),
                        new GuestUsage(
                                use.cpuCores(),
                                1L << 30,
                                4L << 30,
                                1000.0,
                                2000.0,
                                1.0,
                                2.0,
                                use.txBytesPerSec(),
                                50_000.0,
                                use.txBytesPerSec() / 1000,
                                60.0),
                        null);
        Report r =
                new Report(
                        ProtocolJson.VERSION,
                        host.hostId(),
                        ++seq,
                        at,
                        new HostSample(
                                hostCpuPercent,
                                32,
                                1.0,
                                1.0,
                                1.0,
                                128L << 30,
                                64L << 30,
                                0L,
                                0L,
                                List.of(),
                                List.of()),
                        List.of(guest.withFlows(flows)),
                        null,
                        ack,
                        Agents.INSTANCE);
        return api.sendAccepted(r);
    }

    /** Reports for {@code span} with the same figures; returns the last reply. */
    public JsonNode reportFor(Duration span, double hostCpuPercent, Use use) {
        JsonNode last = null;
        for (long i = 0; i < span.dividedBy(INTERVAL); i++) {
            last = report(hostCpuPercent, use);
        }
        return last;
    }

    /** The action of {@code type} on guest 101 in a reply's desired state, or null. */
    public static JsonNode action(JsonNode reply, String type) {
        for (JsonNode a : reply.get("desiredState").get("actions")) {
            if (a.get("vmid").asInt() == VMID && a.get("type").asText().equals(type)) {
                return a;
            }
        }
        return null;
    }

    static long version(JsonNode reply) {
        return reply.get("desiredState").get("version").asLong();
    }

    public String guestId() {
        return api.guestId(VMID);
    }

    public JsonNode get(String path) {
        return api.get(path);
    }

    JsonNode resources() {
        return get("/api/v1/guests/" + guestId() + "/resources");
    }

    /** Creates tenant {@code id} under {@code contract} and gives it guest 101 (reported once). */
    public void assignTenant(String id, String contract, String language, String email) {
        if (seq == 0) {
            report(10, Use.idle());
        }
        assignTenant(server, guestId(), id, contract, language, email);
    }

    /** Creates tenant {@code id} under {@code contract} and gives it guest {@code guestId}. */
    static void assignTenant(
            TestServer server,
            String guestId,
            String id,
            String contract,
            String language,
            String email) {
        assignTenant(server, guestId, id, "Tenant " + id, contract, language, email);
    }

    /** The same with the tenant's {@code name} (any text: it is sent as a JSON string). */
    static void assignTenant(
            TestServer server,
            String guestId,
            String id,
            String name,
            String contract,
            String language,
            String email) {
        HttpResponse<String> created =
                server.postJson(
                        "/api/v1/tenants",
                        TestServer.ADMIN_TOKEN,
                        "{\"id\":\""
                                + id
                                + "\",\"name\":"
                                + com.fasterxml.jackson.databind.node.TextNode.valueOf(name)
                                + ",\"contactEmail\":\""
                                + email
                                + "\",\"language\":\""
                                + language
                                + "\",\"contract\":\""
                                + contract
                                + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> assigned =
                server.send(
                        server.admin("/api/v1/guests/" + guestId + "/tenant")
                                .header("Content-Type", "application/json")
                                .PUT(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"tenantId\":\"" + id + "\"}")));
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(200);
    }
}
