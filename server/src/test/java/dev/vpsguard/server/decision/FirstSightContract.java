package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.scan.FlowBaselineRepository;
import dev.vpsguard.server.decision.smtp.LadderService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * After a restart a host's first report loads the state of all its guests at once (per host, not
 * per guest: ladders, tenants, the spam detector's stored windows, resource ladders, filters), and
 * each guest comes back as a lone load would bring it: the active block stays, a storm that began
 * before the restart crosses on its next window, a tenant is known, and quiet guests stay quiet.
 */
abstract class FirstSightContract {
    /** Datasource properties of a database that outlives one server. */
    abstract Map<String, Object> database() throws Exception;

    void stopDatabase() throws Exception {}

    @Test
    void aHostsFirstReportAfterARestartBringsBackEveryGuestsState() throws Exception {
        Map<String, Object> db = database();
        LadderDriver agent;
        Instant stoppedAt;
        try (TestServer first = TestServer.start(db)) {
            agent = LadderDriver.enroll(first);
            agent.report(0, 101, 102, 103, 104);
            agent.assignTenant(103, "acme", "default");
            agent.spamUntilBlocked(101);
            // One storm window of 102: the next one crosses the threshold.
            assertThat(LadderDriver.smtpBlock(agent.report(300, 102), 102)).isNull();
            stoppedAt = first.clock().instant();
        }
        try (TestServer second = TestServer.start(db)) {
            second.clock().set(stoppedAt);
            LadderDriver again = new LadderDriver(second, agent.host, agent.seq);
            // The first thing the new server sees is the report: every guest is first seen in it.
            JsonNode reply = again.report(300, 101, 102, 103, 104);
            assertThat(LadderDriver.smtpBlock(reply, 101)).as("block kept").isNotNull();
            assertThat(LadderDriver.smtpBlock(reply, 102))
                    .as("the storm's first window came back from the stored windows")
                    .isNotNull();
            assertThat(LadderDriver.smtpBlock(reply, 103)).isNull();
            assertThat(LadderDriver.smtpBlock(reply, 104)).isNull();
            List<String> ids =
                    List.of(
                            again.guestId(101),
                            again.guestId(102),
                            again.guestId(103),
                            again.guestId(104));
            var context = second.context();
            assertThat(context.getBean(GuestStateCaches.class).held(ids)).isEqualTo(4);
            LadderService ladders = context.getBean(LadderService.class);
            assertThat(ladders.tenantOf(again.guestId(103))).isEqualTo("acme");
            assertThat(ladders.tenantOf(again.guestId(104))).isNull();
            assertThat(again.ladder(101).get("strikesCounting").asInt()).isEqualTo(1);
            assertThat(second.queryLong("SELECT COUNT(*) FROM blocks")).isEqualTo(2);
            // The baselines' bulk read runs on this database too (no guest here reports flows).
            assertThat(context.getBean(FlowBaselineRepository.class).findByGuestIdIn(ids))
                    .isEmpty();
        } finally {
            stopDatabase();
        }
    }
}
