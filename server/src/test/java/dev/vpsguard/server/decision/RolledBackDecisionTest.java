package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.DrivenOutbox;
import dev.vpsguard.server.MetricsScrape;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.notify.webhook.Receiver;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A block decided in a report's transaction that then rolls back (a later step of the same report
 * fails) notifies nobody and leaves nothing behind; the agent's retry of that report, once the
 * fault is gone, ends in exactly one block and one webhook (real server, real receiver).
 */
class RolledBackDecisionTest {
    private Receiver receiver;
    private TestServer server;
    private ReportFault fault;
    private DrivenOutbox outbox;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver(() -> 204);
        server =
                TestServer.start(
                        TestServer.withWebhook(receiver.url(), "test.report-fault", "true"));
        fault = server.context().getBean(ReportFault.class);
        outbox = DrivenOutbox.of(server);
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    @Test
    void blockWhoseReportRollsBackSendsNothingAndTheRetriedReportBlocksOnce() throws Exception {
        LadderDriver agent = LadderDriver.enroll(server);
        assertThat(LadderDriver.smtpBlock(agent.report(300, 101), 101)).isNull();

        fault.arm(true);
        Report crossing = agent.next(null, 300, 101);
        HttpResponse<String> failed = agent.send(crossing);
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
        // The decision had been made and written in that transaction before it failed.
        assertThat(fault.outboxRowsSeen()).isEqualTo(1);
        assertThat(fault.blocksSeen()).isEqualTo(1);

        assertThat(server.queryLong("SELECT COUNT(*) FROM notify_outbox")).isZero();
        assertThat(server.queryLong("SELECT COUNT(*) FROM blocks")).isZero();
        assertThat(server.queryLong("SELECT COUNT(*) FROM smtp_ladders")).isZero();
        assertThat(agent.ladder(101).get("activeBlock").isNull()).isTrue();
        assertThat(blocksStarted()).as("a rolled-back decision is not counted").isNull();
        // A dispatcher pass finds nothing to send.
        assertThat(outbox.deliverDue().total()).isZero();
        assertThat(receiver.requests()).isEmpty();

        // The agent keeps the report and sends it again; the fault is gone.
        fault.arm(false);
        HttpResponse<String> retried = agent.send(crossing);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        JsonNode reply = Agents.json(retried.body());
        for (int i = 0; i < 3 && LadderDriver.smtpBlock(reply, 101) == null; i++) {
            reply = agent.report(300, 101);
        }
        assertThat(LadderDriver.smtpBlock(reply, 101))
                .as("the spammer is blocked after the retry: %s", reply)
                .isNotNull();
        assertThat(agent.ladder(101).get("activeBlock").get("strike").asInt()).isEqualTo(1);
        assertThat(server.queryLong("SELECT COUNT(*) FROM blocks")).isEqualTo(1);
        assertThat(blocksStarted()).isEqualTo(1.0);

        // Nothing is left pending, so no later pass sends anything.
        outbox.settle();
        assertThat(receiver.requests())
                .singleElement()
                .satisfies(
                        r -> {
                            JsonNode event = Agents.json(new String(r.body()));
                            assertThat(event.get("type").asText()).isEqualTo("block_created");
                            assertThat(event.get("strike").asInt()).isEqualTo(1);
                            assertThat(event.get("block").get("id").asText())
                                    .isEqualTo(agent.activeBlockId(101));
                        });
    }

    private Double blocksStarted() {
        return new MetricsScrape(server.get("/metrics", TestServer.ADMIN_TOKEN).body())
                .value("vpsguard_decisions_total{kind=\"smtp_block_started\",}");
    }
}
