package dev.vpsguard.server.availability.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.GuestTask;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.DrivenOutbox;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.availability.service.LedgerCloser;
import dev.vpsguard.server.notify.webhook.Receiver;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** mtds Art. 8: an outage past one hour is told to support once, while it lasts. */
class OutageTooLongTest {
    static final Instant T0 = Instant.parse("2027-05-10T08:00:00Z");

    @Test
    void aProviderStopPastTheHourIsToldToSupportOnce() throws Exception {
        try (Receiver receiver = new Receiver(() -> 204);
                TestServer server = TestServer.start(TestServer.withWebhook(receiver.url()))) {
            server.clock().set(T0);
            Agents.Enrolled host = Agents.enroll(server, "pve-mtds");
            ok(
                    server.postJson(
                            "/api/v1/tenants",
                            TestServer.ADMIN_TOKEN,
                            "{\"id\":\"mtds-client\",\"name\":\"C\",\"contactEmail\":\"c@x.test\","
                                    + "\"language\":\"fr\",\"contract\":\"mtds-cloud\"}"),
                    201);
            ok(
                    server.send(
                            server.admin("/api/v1/tenants/mtds-client/sla-terms")
                                    .header("Content-Type", "application/json")
                                    .PUT(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"monthlyFee\":80,\"currency\":\"EUR\","
                                                            + "\"timeZone\":\"Europe/Paris\","
                                                            + "\"firstMonth\":\"2027-05\"}"))),
                    200);
            long seq = 0;
            send(server, host, ++seq, T0, GuestStatus.RUNNING, List.of());
            String guestId =
                    Agents.json(
                                    server.get(
                                                    "/api/v1/guests?hostId=" + host.hostId(),
                                                    TestServer.ADMIN_TOKEN)
                                            .body())
                            .get(0)
                            .get("id")
                            .asText();
            ok(
                    server.send(
                            server.admin("/api/v1/guests/" + guestId + "/tenant")
                                    .header("Content-Type", "application/json")
                                    .PUT(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"tenantId\":\"mtds-client\"}"))),
                    200);
            Instant stop = T0.plusSeconds(60);
            GuestTask qmStop =
                    new GuestTask(
                            "UPID:pve-mtds:00001234:00ABCDEF:6C0A2B3C:qmstop:101:root@pam:",
                            101,
                            "qmstop",
                            "root@pam",
                            stop,
                            stop.plusSeconds(5),
                            "OK");
            LedgerCloser closer = server.context().getBean(LedgerCloser.class);
            // Reports every 4 minutes (under the 5-minute silence), stopped for 80 minutes.
            for (int m = 4; m <= 80; m += 4) {
                send(
                        server,
                        host,
                        ++seq,
                        T0.plus(Duration.ofMinutes(m)),
                        GuestStatus.STOPPED,
                        List.of(qmStop));
                closer.runOnce();
            }
            DrivenOutbox.of(server).deliverDue();
            List<JsonNode> told = new ArrayList<>();
            for (Receiver.Request r : receiver.delivered()) {
                JsonNode e = Agents.json(new String(r.body(), StandardCharsets.UTF_8));
                if (e.get("type").asText().equals("outage_too_long")) {
                    told.add(e);
                }
            }
            assertThat(told).hasSize(1);
            JsonNode e = told.get(0);
            assertThat(e.get("evidence").get("maxSeconds").asLong()).isEqualTo(3600);
            assertThat(e.get("evidence").get("outageSeconds").asLong()).isGreaterThan(3600);
            assertThat(e.get("clause").asText()).contains("Article 8");
            assertThat(e.get("reason").asText())
                    .contains("provider_stop")
                    .contains("qmstop by root@pam");
        }
    }

    private static void send(
            TestServer server,
            Agents.Enrolled host,
            long seq,
            Instant t,
            GuestStatus status,
            List<GuestTask> tasks) {
        server.clock().set(t);
        GuestSample g =
                new GuestSample(
                        101, GuestKind.QEMU, "db-01", status, 2, 2L << 30, List.of(), null, null);
        Report r =
                Agents.report(host.hostId(), seq, t, List.of(g))
                        .withHostFacts(null, tasks.isEmpty() ? null : tasks);
        ok(server.postJson("/api/v1/reports", host.credential(), ProtocolJson.write(r)), 200);
    }

    private static void ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    }
}
