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
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A month of one guest under the unixo contract (99.9 % a month, 10 % credit below, 25 % below 99
 * %), driven through the real server with the reports its agent would send: a provider stop and
 * start with {@code qm} (root@pam in the task log), a customer's shutdown and start (client42@pve),
 * the host silent for five hours across a reboot, and a provider stop inside declared maintenance.
 * The month closes on the scheduler's {@code runOnce()} with a fake clock; the ledger, the guest's
 * outages, the support alert and the customer's statement are checked.
 */
abstract class AvailabilityFlowContract {
    static final Instant START = Instant.parse("2027-01-31T22:00:00Z");
    static final Duration STEP = Duration.ofMinutes(230);

    abstract Map<String, Object> database() throws Exception;

    void stopDatabase() throws Exception {}

    private TestServer server;
    private Agents.Enrolled host;
    private long seq;
    private Instant last;

    @Test
    void aMonthOfStopsSilenceAndMaintenanceEndsInTheRightLedgerAndCredit() throws Exception {
        try (Receiver receiver = new Receiver(() -> 204)) {
            Map<String, Object> props = new HashMap<>(database());
            props.putAll(TestServer.withWebhook(receiver.url()));
            props.put("vpsguard.hosts.silent-after", "4h");
            server = TestServer.start(props);
            try {
                run(receiver);
            } finally {
                server.close();
            }
        } finally {
            stopDatabase();
        }
    }

    private void run(Receiver receiver) throws Exception {
        server.clock().set(START);
        host = Agents.enroll(server, "pve-sla");
        Flows.unixoTenant(server);
        Flows.ok(
                server.postJson(
                        "/api/v1/maintenance-windows",
                        TestServer.ADMIN_TOKEN,
                        "{\"hostId\":\""
                                + host.hostId()
                                + "\",\"startsAt\":\"2027-02-20T02:00:00Z\","
                                + "\"endsAt\":\"2027-02-20T03:00:00Z\",\"reason\":\"kernel upgrade\"}"),
                201);
        HttpResponse<String> late =
                server.postJson(
                        "/api/v1/maintenance-windows",
                        TestServer.ADMIN_TOKEN,
                        "{\"startsAt\":\"2027-01-30T02:00:00Z\",\"endsAt\":\"2027-01-30T03:00:00Z\","
                                + "\"reason\":\"after the fact\"}");
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(late).field()).isEqualTo("startsAt");

        report(START, GuestStatus.RUNNING, List.of(), null);
        String guestId = Flows.firstGuest(server, host.hostId());
        Flows.assign(server, guestId);

        // The provider stops the guest with qm (root@pam) for 30 minutes.
        runUntil(at("2027-02-05T10:00:00Z"), GuestStatus.RUNNING);
        GuestTask qmStop =
                task("qmstop", "root@pam", "2027-02-05T10:01:00Z", "2027-02-05T10:01:30Z");
        report(at("2027-02-05T10:05:00Z"), GuestStatus.STOPPED, List.of(qmStop), null);
        GuestTask qmStart =
                task("qmstart", "root@pam", "2027-02-05T10:31:00Z", "2027-02-05T10:31:20Z");
        report(at("2027-02-05T10:31:30Z"), GuestStatus.RUNNING, List.of(qmStop, qmStart), null);

        // The customer shuts it down from Proxmox's interface for five hours: not counted.
        runUntil(at("2027-02-10T08:00:00Z"), GuestStatus.RUNNING);
        GuestTask shutdown =
                task("qmshutdown", "client42@pve", "2027-02-10T08:00:30Z", "2027-02-10T08:01:00Z");
        report(at("2027-02-10T08:02:00Z"), GuestStatus.STOPPED, List.of(shutdown), null);
        runUntil(at("2027-02-10T13:00:00Z"), GuestStatus.STOPPED);
        GuestTask start =
                task("qmstart", "client42@pve", "2027-02-10T13:00:30Z", "2027-02-10T13:00:50Z");
        report(at("2027-02-10T13:01:00Z"), GuestStatus.RUNNING, List.of(start), null);

        // The host falls silent for five hours (over the 4 h silent-after); it rebooted after four.
        runUntil(at("2027-02-15T12:00:00Z"), GuestStatus.RUNNING);
        report(
                at("2027-02-15T17:00:00Z"),
                GuestStatus.RUNNING,
                List.of(),
                at("2027-02-15T16:00:00Z"));

        // Support is told once that the month can no longer meet 99.9 %.
        server.clock().set(at("2027-02-15T17:05:00Z"));
        LedgerCloser closer = server.context().getBean(LedgerCloser.class);
        assertThat(closer.runOnce()).as("February is not over").isEmpty();
        assertThat(closer.runOnce()).isEmpty();
        DrivenOutbox outbox = DrivenOutbox.of(server);
        outbox.deliverDue();
        List<JsonNode> below = events(receiver, "availability_below_target");
        assertThat(below)
                .as(
                        "alerts %s; guest %s; outbox %s",
                        server.queryString("SELECT COUNT(*) FROM availability_alerts"),
                        server.get(
                                        "/api/v1/guests/"
                                                + guestId
                                                + "/availability?zone=Europe/Paris",
                                        TestServer.ADMIN_TOKEN)
                                .body(),
                        server.queryString("SELECT COUNT(*) FROM notify_outbox"))
                .hasSize(1);
        assertThat(below.get(0).get("evidence").get("downtimeSeconds").asLong())
                .isEqualTo(330 * 60);
        assertThat(below.get(0).get("clause").asText()).contains("UNIXO");

        // Inside the declared window, a provider stop of 30 minutes: maintenance, not counted.
        runUntil(at("2027-02-20T02:09:00Z"), GuestStatus.RUNNING);
        GuestTask mStop =
                task("qmstop", "root@pam", "2027-02-20T02:10:00Z", "2027-02-20T02:10:10Z");
        report(at("2027-02-20T02:11:00Z"), GuestStatus.STOPPED, List.of(mStop), null);
        report(at("2027-02-20T02:40:10Z"), GuestStatus.RUNNING, List.of(mStop), null);
        runUntil(at("2027-03-01T00:00:00Z"), GuestStatus.RUNNING);

        JsonNode month = Flows.february(server, guestId);
        Map<String, Long> byCause = Flows.secondsByState(month);
        assertThat(byCause)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "provider_stop", 30 * 60L,
                                "customer_stop", 300 * 60L,
                                "host_down", 240 * 60L,
                                "host_silent", 60 * 60L,
                                "maintenance", 30 * 60L));
        assertThat(month.toString())
                .contains("qmshutdown by client42@pve")
                .contains("host booted at");

        // The month closes once it has ended plus the grace (6 h), and only once.
        server.clock().set(at("2027-03-01T04:59:00Z"));
        assertThat(closer.runOnce()).isEmpty();
        server.clock().set(at("2027-03-01T05:00:00Z"));
        assertThat(closer.runOnce()).hasSize(1);
        assertThat(closer.runOnce()).isEmpty();

        JsonNode ledger = Flows.ledger(server);
        assertThat(ledger).hasSize(1);
        JsonNode feb = ledger.get(0);
        assertThat(feb.get("month").asText()).isEqualTo("2027-02");
        assertThat(feb.get("downtimeSeconds").asLong()).isEqualTo(330 * 60);
        assertThat(feb.get("periodSeconds").asLong()).isEqualTo(28 * 86400);
        // (2 419 200 - 19 800) / 2 419 200 = 99.18154...%, shown rounded down: 10 % credit
        assertThat(feb.get("availabilityPercent").decimalValue()).isEqualByComparingTo("99.1815");
        assertThat(feb.get("creditPercent").asInt()).isEqualTo(10);
        assertThat(feb.get("credit").decimalValue()).isEqualByComparingTo("12.00");
        assertThat(feb.get("claimOpen").asBoolean()).isTrue();
        assertThat(feb.get("missed").asBoolean()).isTrue();

        outbox.deliverDue();
        List<JsonNode> statements = events(receiver, "availability_statement");
        assertThat(statements).hasSize(1);
        JsonNode st = statements.get(0).get("statement");
        assertThat(st.get("credit").asText()).isEqualTo("12.00");
        assertThat(st.get("days")).hasSize(28);
        assertThat(statements.get(0).get("tenant").get("contactEmail").asText())
                .isEqualTo("ops@acme.test");

        // A correction is a new record; the close stays as it was.
        HttpResponse<String> blank =
                server.postJson(
                        "/api/v1/tenants/acme/ledger/2027-02/corrections",
                        TestServer.ADMIN_TOKEN,
                        "{\"reason\":\" \"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(TestServer.error(blank).field()).isEqualTo("reason");
        Flows.ok(
                server.postJson(
                        "/api/v1/tenants/acme/ledger/2027-02/corrections",
                        TestServer.ADMIN_TOKEN,
                        "{\"reason\":\"customer dispute reviewed\"}"),
                201);
        JsonNode both = Flows.ledger(server);
        assertThat(both).hasSize(2);
        assertThat(both.get(0).get("kind").asText()).isEqualTo("CLOSE");
        assertThat(both.get(0).get("effective").asBoolean()).isFalse();
        assertThat(both.get(0).get("credit").decimalValue()).isEqualByComparingTo("12.00");
        assertThat(both.get(1).get("kind").asText()).isEqualTo("CORRECTION");
        assertThat(both.get(1).get("reason").asText()).startsWith("customer dispute reviewed");
        assertThat(closer.runOnce()).as("a closed month never closes again").isEmpty();
    }

    private void runUntil(Instant end, GuestStatus status) {
        for (Instant t = last.plus(STEP); t.isBefore(end); t = t.plus(STEP)) {
            report(t, status, List.of(), null);
        }
        report(end, status, List.of(), null);
    }

    private void report(Instant t, GuestStatus status, List<GuestTask> tasks, Instant bootedAt) {
        server.clock().set(t);
        GuestSample g =
                new GuestSample(
                        101, GuestKind.QEMU, "web-01", status, 2, 2L << 30, List.of(), null, null);
        Report r =
                Agents.report(host.hostId(), ++seq, t, List.of(g))
                        .withHostFacts(bootedAt, tasks.isEmpty() ? null : tasks);
        Flows.ok(server.postJson("/api/v1/reports", host.credential(), ProtocolJson.write(r)), 200);
        last = t;
    }

    private static GuestTask task(String type, String user, String started, String ended) {
        Instant s = at(started);
        return new GuestTask(
                String.format(
                        "UPID:pve-sla:0000%04X:00A1B2C3:%08X:%s:101:%s:",
                        s.getEpochSecond() % 0xFFFF, s.getEpochSecond(), type, user),
                101,
                type,
                user,
                s,
                at(ended),
                "OK");
    }

    private static Instant at(String t) {
        return Instant.parse(t);
    }

    private static List<JsonNode> events(Receiver receiver, String type) {
        List<JsonNode> out = new ArrayList<>();
        for (Receiver.Request r : receiver.delivered()) {
            JsonNode e = Agents.json(new String(r.body(), StandardCharsets.UTF_8));
            if (e.get("type").asText().equals(type)) {
                out.add(e);
            }
        }
        return out;
    }
}
