package dev.vpsguard.server.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * One enrolled host whose agent reports guests 101 (a spam bot when told) and 102 (quiet) to
 * whichever node it is given, as the real agent posts: JSON over HTTP with its credential.
 */
final class ReportingHost {
    final Agents.Enrolled host;
    private long seq;

    ReportingHost(Agents.Enrolled host) {
        this.host = host;
    }

    String id() {
        return host.hostId();
    }

    /** The partition of {@code partitions} the producer puts this host's reports on. */
    int partition(int partitions) {
        return BuiltInPartitioner.partitionForKey(
                id().getBytes(StandardCharsets.UTF_8), partitions);
    }

    /** The next report's body, sent at {@code at}: guest 101 opens {@code spam} connections. */
    byte[] next(Instant at, int spam) {
        return ProtocolJson.write(
                Agents.report(
                        id(),
                        ++seq,
                        at,
                        List.of(Agents.guest(101, 0.5, spam, at), Agents.guest(102, 0.5, 0, at))));
    }

    long seq() {
        return seq;
    }

    /** Posts {@code body} to {@code node}; it must be taken. */
    JsonNode post(TestServer node, byte[] body) {
        HttpResponse<String> r = node.postJson("/api/v1/reports", host.credential(), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Agents.json(r.body());
    }

    /** Whether {@code reply} asks for an SMTP block of guest {@code vmid}. */
    static boolean blocks(JsonNode reply, int vmid) {
        for (JsonNode a : reply.get("desiredState").get("actions")) {
            if (a.get("vmid").asInt() == vmid && a.get("type").asText().equals("smtp_block")) {
                return true;
            }
        }
        return false;
    }
}
