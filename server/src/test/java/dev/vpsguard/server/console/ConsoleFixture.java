package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.LadderDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A console test server with one of everything a page shows, each text that comes from outside (an
 * agent, the API) carrying its own script payload: a blocked guest named by its agent, its tenant's
 * name, the agent's error text for the block's action, the customer's unblock reason.
 */
final class ConsoleFixture implements AutoCloseable {
    /** Each payload sets {@code window.pwned} and raises an alert if it ever runs. */
    static final String GUEST_NAME =
            "<script>window.pwned='guest';alert('guest')</script><img src=x"
                    + " onerror=\"window.pwned='guest-img'\">";

    static final String TENANT_NAME =
            "<script>window.pwned='tenant';alert('tenant')</script><b onmouseover=alert(1)>T</b>";
    static final String ACK_ERROR =
            "nft: <script>window.pwned='ack';alert('ack')</script><svg onload=alert('ack')>";
    static final String UNBLOCK_REASON = "<script>window.pwned='reason';alert('reason')</script>";
    static final List<String> PAYLOADS =
            List.of(GUEST_NAME, TENANT_NAME, ACK_ERROR, UNBLOCK_REASON);

    static final int VMID = 201;
    static final String TENANT = "xss-tenant";

    final TestServer server;
    final Path policies;
    final LadderDriver agent;
    final String hostId;
    final String guestId;
    final String blockId;
    final String requestId;
    final String actionId;

    private ConsoleFixture(TestServer server, Path policies) {
        this.server = server;
        this.policies = policies;
        this.agent = LadderDriver.enroll(server);
        this.hostId = agent.hostId();
        agent.report(0, VMID);
        this.guestId = agent.guestId(VMID);
        agent.assignTenant(VMID, TENANT, TENANT_NAME, "operator-rung");
        JsonNode blocked = agent.spamUntilBlocked(VMID);
        JsonNode action = LadderDriver.smtpBlock(blocked, VMID);
        this.actionId = action.get("id").asText();
        this.blockId = agent.activeBlockId(VMID);
        HttpResponse<String> asked =
                agent.requestUnblock(blockId, TestServer.ADMIN_TOKEN, UNBLOCK_REASON);
        this.requestId = Agents.json(asked.body()).get("requestId").asText();
        // The agent fails to apply the block and says why, in its own words.
        Instant at = server.clock().instant();
        agent.report(
                new EnforcementAck(
                        blocked.get("desiredState").get("version").asLong(),
                        List.of(new ActionResult(actionId, ActionStatus.FAILED, ACK_ERROR, at))),
                0,
                VMID);
        assertThat(server.queryString("SELECT detail FROM actions WHERE id = '" + actionId + "'"))
                .isEqualTo(ACK_ERROR);
        renameGuest();
    }

    /**
     * A server with the operator-rung contract (requests wait for an operator) and the data, plus
     * the properties {@code keyValues} (key, value, key, value...).
     */
    static ConsoleFixture start(String... keyValues) {
        try {
            Path policies = Files.createTempDirectory("vg-policies-");
            Files.writeString(
                    policies.resolve("operator-rung.yml"), LadderDriver.operatorRungPolicy());
            Map<String, Object> props = new HashMap<>(ConsoleClient.properties());
            props.put("vpsguard.policies.dir", policies.toString());
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                props.put(keyValues[i], keyValues[i + 1]);
            }
            return new ConsoleFixture(TestServer.start(props), policies);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The guest's agent reports it under the hostile name (its next report, 5 s later). */
    private void renameGuest() {
        server.clock().advance(Duration.ofSeconds(5));
        Instant at = server.clock().instant();
        var report =
                Agents.report(
                        hostId,
                        agent.seq() + 1,
                        at,
                        List.of(Agents.named(Agents.guest(VMID, 0.5, 0, at), GUEST_NAME)));
        HttpResponse<String> r =
                server.postJson(
                        "/api/v1/reports", agent.host().credential(), ProtocolJson.write(report));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(server.queryString("SELECT name FROM guests WHERE id = '" + guestId + "'"))
                .isEqualTo(GUEST_NAME);
    }

    /**
     * Sample ids for the console's path variables, by the path segment before them (see {@link
     * ConsoleRoutes#expand}).
     */
    Map<String, String> ids() {
        return Map.of(
                "hosts", hostId,
                "guests", guestId,
                "tenants", TENANT,
                "blocks", blockId,
                "requests", requestId,
                "actions", actionId,
                "contracts", "operator-rung",
                "notifications", "1",
                "enrolment", hostId);
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(policies.resolve("operator-rung.yml"));
        Files.deleteIfExists(policies);
    }
}
