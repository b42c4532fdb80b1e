package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.smtp.VolumeNotices;
import dev.vpsguard.server.rollup.GuestRollup;
import dev.vpsguard.server.rollup.RollupStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Spam detection's own memory survives a restart on the same database: the finding-only notice is
 * not repeated within its period (stored findings), and the baseline comes back from the guest's
 * rollups, with the anomaly rule armed only for a guest whose history spans the minimum.
 */
abstract class DetectionRestartContract {
    /** Datasource properties of a database that outlives one server. */
    abstract Map<String, Object> database() throws Exception;

    void stopDatabase() throws Exception {}

    @Test
    void aVolumeNoticeIsNotRepeatedAfterARestart() throws Exception {
        Map<String, Object> db = database();
        LadderDriver agent;
        Instant stoppedAt;
        try (TestServer first = TestServer.start(db)) {
            agent = LadderDriver.enroll(first);
            assertThat(LadderDriver.smtpBlock(agent.newsletter(12, 101), 101)).isNull();
            assertThat(agent.findings(101, VolumeNotices.KIND)).isEqualTo(1);
            stoppedAt = first.clock().instant();
        }
        try (TestServer second = TestServer.start(db)) {
            second.clock().set(stoppedAt.plusSeconds(30));
            LadderDriver again = new LadderDriver(second, agent.host, agent.seq);
            assertThat(LadderDriver.smtpBlock(again.newsletter(12, 101), 101)).isNull();
            assertThat(again.findings(101, VolumeNotices.KIND))
                    .as("within volume_notice_every")
                    .isEqualTo(1);
            // A week later the next episode is told again.
            second.clock().advance(Duration.ofDays(7));
            again.newsletter(12, 101);
            assertThat(again.findings(101, VolumeNotices.KIND)).isEqualTo(2);
            assertThat(again.ladder(101).get("strikesCounting").asInt()).isZero();
        } finally {
            stopDatabase();
        }
    }

    @Test
    void theBaselineComesBackFromADayOfRollupsAfterARestart() throws Exception {
        Map<String, Object> db = database();
        LadderDriver agent;
        Instant stoppedAt;
        try (TestServer first = TestServer.start(db)) {
            agent = LadderDriver.enroll(first);
            agent.report(0, 101, 102); // both guests exist
            // 25 hours of 5-minute rollups at 2 connections a minute for guest 101 only.
            Instant now = first.clock().instant();
            Instant from = now.minus(Duration.ofHours(25)).truncatedTo(ChronoUnit.HOURS);
            List<GuestRollup> rollups = new ArrayList<>();
            String guest = agent.guestId(101);
            for (Instant b = from;
                    b.plus(Duration.ofMinutes(5)).isBefore(now.minus(Duration.ofMinutes(5)));
                    b = b.plus(Duration.ofMinutes(5))) {
                rollups.add(
                        new GuestRollup(
                                UUID.randomUUID().toString(),
                                guest,
                                b,
                                60,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                10,
                                0));
            }
            first.context().getBean(RollupStore.class).write(rollups);
            stoppedAt = first.clock().instant();
        }
        try (TestServer second = TestServer.start(db)) {
            second.clock().set(stoppedAt.plusSeconds(30));
            LadderDriver again = new LadderDriver(second, agent.host, agent.seq);
            // 40 a minute, all accepted: under the burst threshold (60), 20x the baseline.
            for (int i = 0; i < 2; i++) {
                Instant end = second.clock().instant().plus(Duration.ofMinutes(1));
                SmtpWindow w =
                        new SmtpWindow(
                                end.minus(Duration.ofMinutes(1)), end, 40, 3, 2, 0, 0, 40, null);
                again.report(Map.of(101, w, 102, w));
            }
            JsonNode finding = again.lastFinding(101);
            assertThat(finding.get("rules").toString()).isEqualTo("[\"ANOMALY\"]");
            // 2 a minute, nudged by the quiet bucket of the first server's own report
            assertThat(finding.get("baselinePerMinute").asDouble())
                    .isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
            assertThat(again.findings(101, VolumeNotices.KIND)).isEqualTo(1);
            // The guest without history is a cold start: no anomaly, and nothing else fires.
            assertThat(again.findings(102, VolumeNotices.KIND)).isZero();
            assertThat(again.findings(101, "spam") + again.findings(102, "spam")).isZero();
        } finally {
            stopDatabase();
        }
    }
}
