package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.DrivenOutbox;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.notify.webhook.Receiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per guest, support receives the events in decision order even when its endpoint fails two
 * requests out of three: a guest's later event is not sent while an earlier one is still being
 * retried, and each event is accepted once (real server, real receiver, short retry delays).
 */
class NotificationOrderTest {
    private final AtomicInteger calls = new AtomicInteger();
    private Receiver receiver;
    private TestServer server;
    private DrivenOutbox outbox;

    @BeforeEach
    void start() throws Exception {
        // Fails, fails, accepts, fails, fails, accepts... whichever event is being sent.
        receiver = new Receiver(() -> calls.incrementAndGet() % 3 == 0 ? 204 : 503);
        server =
                TestServer.start(
                        TestServer.withWebhook(
                                receiver.url(),
                                "vpsguard.outbox.initial-delay",
                                "1s",
                                "vpsguard.outbox.multiplier",
                                "1",
                                "vpsguard.outbox.max-delay",
                                "1s",
                                "vpsguard.outbox.jitter",
                                "0",
                                // The ladder below moves the clock by days; nothing may give up.
                                "vpsguard.outbox.give-up-after",
                                "30d"));
        outbox = DrivenOutbox.of(server);
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    @Test
    void eachGuestsEventsArriveInDecisionOrderThroughAFailingEndpoint() throws Exception {
        LadderDriver agent = LadderDriver.enroll(server);
        List<String> expected101 = new ArrayList<>();

        agent.spamUntilBlocked(101);
        expected101.add("block_created/1");
        agent.spamUntilBlocked(102); // another guest, interleaved
        // Before the hour is over: scheduled for the end of the minimum.
        assertThat(outcome(agent.requestUnblock(agent.activeBlockId(101), admin(), "fixed")))
                .isEqualTo("scheduled");
        expected101.add("unblock_scheduled/1");
        server.clock().advance(Duration.ofHours(1));
        assertThat(LadderDriver.smtpBlock(agent.report(0, 101, 102), 101)).isNull();
        server.clock().advance(Duration.ofMinutes(20)); // past the detector's 10-minute span

        agent.spamUntilBlocked(101);
        expected101.add("block_created/2");
        server.clock().advance(Duration.ofHours(25));
        assertThat(outcome(agent.requestUnblock(agent.activeBlockId(101), admin(), "fixed again")))
                .isEqualTo("granted");
        expected101.add("unblock_granted/2");
        server.clock().advance(Duration.ofMinutes(20));
        agent.spamUntilBlocked(101);
        expected101.add("block_created/3");
        expected101.add("strike3_reached/3"); // the refusal rung: support hears it after the block

        // Let the retries come due: each event needs three requests, one second apart. When
        // nothing is pending any more, every request has been made.
        outbox.deliverAll(Duration.ofSeconds(1), 60);

        assertThat(delivered(101)).isEqualTo(expected101);
        assertThat(delivered(102)).containsExactly("block_created/1");
        // An answer names the block it answered: the same block as the event before it.
        List<String> blocks =
                receiver.delivered().stream()
                        .map(r -> Agents.json(new String(r.body())))
                        .filter(e -> e.get("guest").get("vmid").asInt() == 101)
                        .map(e -> e.get("block").get("id").asText())
                        .toList();
        assertThat(blocks.get(1)).isEqualTo(blocks.get(0));
        assertThat(blocks.get(3)).isEqualTo(blocks.get(2));
        assertThat(blocks.stream().distinct()).hasSize(3);
        // Stronger than the order of acceptances: every request for one event, failed or not,
        // comes before the first request for the guest's next event.
        List<String> attempts101 =
                receiver.requests().stream()
                        .map(r -> Agents.json(new String(r.body())))
                        .filter(e -> e.get("guest").get("vmid").asInt() == 101)
                        .map(e -> e.get("id").asText())
                        .toList();
        List<String> runs = new ArrayList<>();
        for (String id : attempts101) {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(id)) {
                runs.add(id);
            }
        }
        assertThat(runs).as("one run of requests per event").hasSize(expected101.size());
        assertThat(attempts101.size()).as("failed requests retried").isGreaterThan(runs.size());
    }

    private List<String> delivered(int vmid) {
        return receiver.delivered().stream()
                .map(r -> Agents.json(new String(r.body())))
                .filter(e -> e.get("guest").get("vmid").asInt() == vmid)
                .map(e -> e.get("type").asText() + "/" + e.get("strike").asInt())
                .toList();
    }

    private static String admin() {
        return TestServer.ADMIN_TOKEN;
    }

    private static String outcome(java.net.http.HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = Agents.json(r.body());
        return body.get("outcome").asText();
    }
}
