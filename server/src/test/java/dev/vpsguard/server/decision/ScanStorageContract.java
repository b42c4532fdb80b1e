package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.decision.ResourceAgent.Use;
import dev.vpsguard.server.detect.FlowBaseline;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What scan detection and traffic filters keep in the database survives a restart on the same
 * database: the guest's fan-out baseline ({@code flow_baselines}), that its host's agent takes
 * {@code traffic_filter} ({@code agent_features}), the filter action itself (not added twice), and
 * the scan ladder's step.
 */
abstract class ScanStorageContract {
    /** Datasource properties of a database that outlives one server. */
    abstract Map<String, Object> database() throws Exception;

    void stopDatabase() throws Exception {}

    @Test
    void baselineFeatureFilterAndScanStepSurviveARestart() throws Exception {
        Map<String, Object> db = database();
        try {
            ResourceAgent agent;
            Instant stoppedAt;
            String baseline;
            String filterId;
            try (TestServer first = TestServer.start(db)) {
                agent = ResourceAgent.enroll(first);
                agent.assignTenant("unixo-1", "unixo-cloud", "fr", "client@example.org");
                JsonNode reply = null;
                for (int i = 0; i < 6; i++) { // 3 minutes of crawling: the baseline is written
                    reply = agent.report(null, 10, Use.idle(), Flows.crawler(next(first), 3000));
                }
                filterId = ResourceAgent.action(reply, "traffic_filter").get("id").asText();
                agent.report(null, 10, Use.idle(), Flows.horizontalScan(next(first), 2000));
                assertThat(first.queryLong("SELECT COUNT(*) FROM findings")).isEqualTo(1);
                baseline = first.queryString("SELECT state FROM flow_baselines");
                assertThat(read(baseline).horizontal()).isGreaterThan(0);
                stoppedAt = first.clock().instant();
            }
            try (TestServer second = TestServer.start(db)) {
                second.clock().set(stoppedAt);
                ResourceAgent again = ResourceAgent.resume(second, agent.host, agent.seq);
                // No flows in this report: the host's agent is still known to take filters.
                JsonNode reply = again.report(10, Use.idle());
                assertThat(ResourceAgent.action(reply, "traffic_filter").get("id").asText())
                        .isEqualTo(filterId);
                assertThat(
                                second.queryLong(
                                        "SELECT COUNT(*) FROM actions WHERE type = 'traffic_filter'"))
                        .isEqualTo(1);
                assertThat(again.resources().get("quotas").get("scan").get("level").asText())
                        .isEqualTo("warn");
                assertThat(read(second.queryString("SELECT state FROM flow_baselines")))
                        .isEqualTo(read(baseline));
                again.report(null, 10, Use.idle(), Flows.crawler(next(second), 3000));
                assertThat(second.queryLong("SELECT COUNT(*) FROM findings")).isEqualTo(1);
            }
        } finally {
            stopDatabase();
        }
    }

    private static Instant next(TestServer s) {
        return s.clock().instant().plus(ResourceAgent.INTERVAL);
    }

    private static FlowBaseline.Snapshot read(String json) throws Exception {
        return ProtocolJson.mapper().readValue(json, FlowBaseline.Snapshot.class);
    }
}
