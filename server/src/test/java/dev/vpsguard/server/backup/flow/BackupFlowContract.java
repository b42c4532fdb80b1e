package dev.vpsguard.server.backup.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.BackupFacts;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.DrivenOutbox;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.backup.service.BackupWatch;
import dev.vpsguard.server.notify.webhook.Receiver;
import java.net.http.HttpRequest;
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
 * Backup facts from a report reach findings and support: under unixo (7 daily restore points over 7
 * days) guest 101 has a nightly backup but only 3 days of points; guest 205's last run failed, its
 * last success is 4 days old and it has one point. A second pass tells nothing new; a later report
 * with the missing points clears 101's finding.
 */
abstract class BackupFlowContract {
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    abstract Map<String, Object> database() throws Exception;

    void stopDatabase() throws Exception {}

    @Test
    void factsBecomeFindingsAndSupportIsToldOnce() throws Exception {
        try (Receiver receiver = new Receiver(() -> 204)) {
            Map<String, Object> props = new HashMap<>(database());
            props.putAll(TestServer.withWebhook(receiver.url()));
            try (TestServer server = TestServer.start(props)) {
                run(server, receiver);
            }
        } finally {
            stopDatabase();
        }
    }

    private void run(TestServer server, Receiver receiver) {
        server.clock().set(NOW);
        Agents.Enrolled host = Agents.enroll(server, "pve-backup");
        ok(
                server.postJson(
                        "/api/v1/tenants",
                        TestServer.ADMIN_TOKEN,
                        "{\"id\":\"acme\",\"name\":\"Acme\",\"contactEmail\":\"ops@acme.test\","
                                + "\"language\":\"en\",\"contract\":\"unixo-cloud\"}"),
                201);
        send(server, host, 1, facts(3));
        for (JsonNode g :
                Agents.json(
                        server.get("/api/v1/guests?hostId=" + host.hostId(), TestServer.ADMIN_TOKEN)
                                .body())) {
            ok(
                    server.send(
                            server.admin("/api/v1/guests/" + g.get("id").asText() + "/tenant")
                                    .header("Content-Type", "application/json")
                                    .PUT(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"tenantId\":\"acme\"}"))),
                    200);
        }
        BackupWatch watch = server.context().getBean(BackupWatch.class);
        assertThat(watch.runOnce()).isEqualTo(4);
        assertThat(watch.runOnce()).as("told once").isZero();
        DrivenOutbox.of(server).deliverDue();
        List<String> reasons = new ArrayList<>();
        for (Receiver.Request r : receiver.delivered()) {
            JsonNode e = Agents.json(new String(r.body(), StandardCharsets.UTF_8));
            if (e.get("type").asText().equals("backup_finding")) {
                reasons.add(e.get("guest").get("vmid").asInt() + " " + e.get("reason").asText());
            }
        }
        assertThat(reasons)
                .containsExactlyInAnyOrder(
                        "101 too_few_restore_points: 3 daily restore points in the last 7 days"
                                + " (promised 7)",
                        "205 too_few_restore_points: 1 daily restore points in the last 7 days"
                                + " (promised 7)",
                        "205 last_run_failed: latest backup failed: no space left on device",
                        "205 no_recent_success: last successful backup 2026-11-29T12:00:31Z, 95 h"
                                + " ago (at most 30 h)");

        JsonNode fleet = Agents.json(server.get("/api/v1/backups", TestServer.ADMIN_TOKEN).body());
        assertThat(fleet).hasSize(2);
        JsonNode g101 = fleet.get(0).get("vmid").asInt() == 101 ? fleet.get(0) : fleet.get(1);
        assertThat(g101.get("dailyRestorePoints").asInt()).isEqualTo(3);
        assertThat(g101.get("compliant").asBoolean()).isFalse();

        // A week of points for 101: its finding clears; 205's stay.
        server.clock().set(NOW.plusSeconds(60));
        send(server, host, 2, facts(7));
        assertThat(watch.runOnce()).isZero();
        fleet = Agents.json(server.get("/api/v1/backups", TestServer.ADMIN_TOKEN).body());
        g101 = fleet.get(0).get("vmid").asInt() == 101 ? fleet.get(0) : fleet.get(1);
        assertThat(g101.get("compliant").asBoolean()).as(g101.toString()).isTrue();
        assertThat(server.queryLong("SELECT COUNT(*) FROM backup_findings")).isEqualTo(3);
    }

    /**
     * Nightly backups of 101 on the last {@code days} days; 205 once 4 days ago, then a failure.
     */
    static BackupFacts facts(int days) {
        List<BackupFacts.Run> runs = new ArrayList<>();
        List<BackupFacts.Volume> volumes = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            Instant t = NOW.minus(Duration.ofDays(d)).minus(Duration.ofHours(11));
            runs.add(
                    new BackupFacts.Run(
                            101, "nfs-backup", t, t.plusSeconds(76), BackupFacts.Outcome.OK, null));
            volumes.add(
                    new BackupFacts.Volume(
                            "nfs-backup",
                            "nfs-backup:backup/vzdump-qemu-101-" + d + ".vma.zst",
                            101,
                            t,
                            5L << 30));
        }
        Instant old = NOW.minus(Duration.ofDays(4));
        runs.add(
                new BackupFacts.Run(
                        205, "nfs-backup", old, old.plusSeconds(31), BackupFacts.Outcome.OK, null));
        volumes.add(
                new BackupFacts.Volume(
                        "nfs-backup",
                        "nfs-backup:backup/vzdump-lxc-205-old.tar.zst",
                        205,
                        old,
                        1L << 29));
        Instant failed = NOW.minus(Duration.ofHours(11));
        runs.add(
                new BackupFacts.Run(
                        205,
                        "nfs-backup",
                        failed,
                        failed.plusSeconds(45),
                        BackupFacts.Outcome.FAILED,
                        "no space left on device"));
        return new BackupFacts(
                NOW,
                List.of(
                        new BackupFacts.Job(
                                "backup-5f1c", true, "01:00", "nfs-backup", List.of(101, 205))),
                runs,
                volumes,
                List.of());
    }

    private static void send(TestServer server, Agents.Enrolled host, long seq, BackupFacts facts) {
        List<GuestSample> guests = new ArrayList<>();
        for (int vmid : List.of(101, 205)) {
            guests.add(
                    new GuestSample(
                            vmid,
                            vmid == 101 ? GuestKind.QEMU : GuestKind.LXC,
                            "g" + vmid,
                            GuestStatus.RUNNING,
                            1,
                            1L << 30,
                            List.of(),
                            null,
                            null));
        }
        Report r =
                Agents.report(host.hostId(), seq, server.clock().instant(), guests)
                        .withBackups(facts);
        ok(server.postJson("/api/v1/reports", host.credential(), ProtocolJson.write(r)), 200);
    }

    private static void ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    }
}
