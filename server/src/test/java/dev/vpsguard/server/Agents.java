package dev.vpsguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.EnrollRequest;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.SmtpWindow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Test fixtures: enrolled hosts and the reports their agents send. */
public final class Agents {
    private Agents() {}

    /** An enrolled host: its id and credential. */
    public record Enrolled(String hostId, String credential) {}

    /** Creates a host through the admin API and returns its enrolment token. */
    public static JsonNode createHost(TestServer server, String name) {
        HttpResponse<String> created =
                server.postJson(
                        "/api/v1/hosts", TestServer.ADMIN_TOKEN, "{\"name\":\"" + name + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body());
    }

    public static Enrolled enroll(TestServer server, String name) {
        JsonNode created = createHost(server, name);
        HttpResponse<String> enrolled =
                server.postJson(
                        "/api/v1/enroll",
                        null,
                        ProtocolJson.write(
                                new EnrollRequest(
                                        created.get("enrollmentToken").asText(), name, "test")));
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(200);
        JsonNode body = json(enrolled.body());
        return new Enrolled(body.get("hostId").asText(), body.get("credential").asText());
    }

    public static GuestSample guest(int vmid, double cpuCores, long smtpNew, Instant at) {
        return new GuestSample(
                vmid,
                GuestKind.QEMU,
                "vm" + vmid,
                GuestStatus.RUNNING,
                2,
                2L << 30,
                List.of(
                        new GuestNic(
                                "net0",
                                "tap" + vmid + "i0",
                                "bc:24:11:00:00:01",
                                "vmbr0",
                                true,
                                List.of("192.0.2." + vmid))),
                new GuestUsage(
                        cpuCores, 1L << 30, 2L << 30, 100.0, 200.0, 1.0, 2.0, 3000.0, 4000.0, 5.0,
                        6.0),
                // Half the attempts refused: the traffic of a bot, which the failure ratio blocks
                // (volume alone never does). All-accepted traffic: build the window itself.
                new SmtpWindow(
                        at.minusSeconds(5),
                        at,
                        smtpNew,
                        1,
                        1,
                        0,
                        smtpNew / 2,
                        smtpNew - smtpNew / 2,
                        null));
    }

    /** {@code g} under another name, as an agent would report a renamed guest. */
    public static GuestSample named(GuestSample g, String name) {
        return new GuestSample(
                g.vmid(),
                g.kind(),
                name,
                g.status(),
                g.cores(),
                g.memoryConfiguredBytes(),
                g.nics(),
                g.usage(),
                g.smtp(),
                g.flows());
    }

    /** The agent instance of every test agent: instances are per host. */
    public static final String INSTANCE = "0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

    public static Report report(String hostId, long seq, Instant sentAt, List<GuestSample> guests) {
        return report(INSTANCE, hostId, seq, sentAt, guests);
    }

    /**
     * A report of agent instance {@code instance} (protocol 2), or of an agent that sends none
     * (protocol 1) when null.
     */
    public static Report report(
            String instance, String hostId, long seq, Instant sentAt, List<GuestSample> guests) {
        return new Report(
                instance == null ? 1 : ProtocolJson.VERSION,
                hostId,
                seq,
                sentAt,
                new HostSample(
                        10.0, 8, 0.5, 0.4, 0.3, 16L << 30, 4L << 30, 0L, 0L, List.of(), List.of()),
                guests,
                null,
                null,
                instance);
    }

    /** A report with guests 101 and 102. */
    public static byte[] reportJson(String hostId, long seq, Instant sentAt) {
        return ProtocolJson.write(
                report(
                        hostId,
                        seq,
                        sentAt,
                        List.of(guest(101, 0.5, 3, sentAt), guest(102, 1.5, 0, sentAt))));
    }

    /** Sends report {@code seq} of {@code host}, with no guests, sent now; it must be accepted. */
    public static void sendReport(TestServer server, Enrolled host, long seq) {
        HttpResponse<String> r =
                server.postJson(
                        "/api/v1/reports",
                        host.credential(),
                        reportJson(host.hostId(), seq, server.clock().instant()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    public static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static JsonNode json(String body) {
        try {
            return ProtocolJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(body, e);
        }
    }
}
