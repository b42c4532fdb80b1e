package dev.vpsguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.auth.AdminTokenBootstrap;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The default H2 file database keeps everything across a restart. */
class RestartPersistenceTest {
    private static Map<String, Object> fileDb(Path dir, String adminToken) {
        return Map.of(
                "datasources.default.url",
                "jdbc:h2:file:"
                        + dir.resolve("vpsguard")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "vpsguard.bootstrap.admin-token",
                adminToken);
    }

    @Test
    void hostsGuestsSeqAndRollupsSurviveARestart(@TempDir Path dir) {
        Agents.Enrolled host;
        String guestId;
        byte[] report;
        try (TestServer first = TestServer.start(fileDb(dir, TestServer.ADMIN_TOKEN))) {
            host = Agents.enroll(first, "persistent");
            report = Agents.reportJson(host.hostId(), 1, first.clock().instant());
            HttpResponse<String> r = first.postJson("/api/v1/reports", host.credential(), report);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode detail =
                    Agents.json(
                            first.get("/api/v1/hosts/" + host.hostId(), TestServer.ADMIN_TOKEN)
                                    .body());
            guestId = detail.get("guests").get(0).get("id").asText();
            // The open 5-minute bucket is only in memory until shutdown.
            assertThat(first.queryLong("SELECT COUNT(*) FROM guest_rollups")).isZero();
        }
        // A different bootstrap token on restart is ignored: a token already exists.
        try (TestServer second =
                TestServer.start(fileDb(dir, "another-token-that-is-long-enough"))) {
            assertThat(second.queryLong("SELECT COUNT(*) FROM admin_tokens")).isEqualTo(1);
            assertThat(
                            second.get("/api/v1/hosts", "another-token-that-is-long-enough")
                                    .statusCode())
                    .isEqualTo(401);
            JsonNode detail =
                    Agents.json(
                            second.get("/api/v1/hosts/" + host.hostId(), TestServer.ADMIN_TOKEN)
                                    .body());
            assertThat(detail.get("host").get("lastSeq").asLong()).isEqualTo(1);
            assertThat(detail.get("guests")).hasSize(2);
            // Rollups of both guests were flushed at shutdown.
            assertThat(second.queryLong("SELECT COUNT(*) FROM guest_rollups")).isEqualTo(2);
            assertThat(second.queryLong("SELECT SUM(smtp_new_connections) FROM guest_rollups"))
                    .isEqualTo(3);
            // The latest sample comes back from the database; the in-memory hour starts empty.
            JsonNode guest =
                    Agents.json(
                            second.get("/api/v1/guests/" + guestId, TestServer.ADMIN_TOKEN).body());
            assertThat(guest.get("latest").get("sample").get("vmid").asInt()).isEqualTo(101);
            assertThat(guest.get("recent")).isEmpty();
            // Idempotency survives too: report 1 resent is still a duplicate, and the credential
            // still works.
            HttpResponse<String> replay =
                    second.postJson("/api/v1/reports", host.credential(), report);
            assertThat(Agents.json(replay.body()).get("duplicate").asBoolean()).isTrue();
        }
    }

    @Test
    void withoutBootstrapTokenOneIsGeneratedAndPrintedOnce(@TempDir Path dir) {
        Logger logger = (Logger) LoggerFactory.getLogger(AdminTokenBootstrap.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            String token;
            try (TestServer server = TestServer.start(fileDb(dir, ""))) {
                String printed =
                        appender.list.stream()
                                .map(ILoggingEvent::getFormattedMessage)
                                .filter(m -> m.contains("initial admin token"))
                                .findFirst()
                                .orElseThrow();
                Matcher m = Pattern.compile("\\n\\s+([A-Za-z0-9_-]{43})\\n").matcher(printed);
                assertThat(m.find()).as(printed).isTrue();
                token = m.group(1);
                assertThat(server.get("/api/v1/hosts", token).statusCode()).isEqualTo(200);
                assertThat(server.snapshot()).doesNotContain(token);
            }
            appender.list.clear();
            try (TestServer again = TestServer.start(fileDb(dir, ""))) {
                assertThat(appender.list)
                        .noneMatch(e -> e.getFormattedMessage().contains("initial admin token"));
                assertThat(again.get("/api/v1/hosts", token).statusCode()).isEqualTo(200);
            }
        } finally {
            logger.detachAppender(appender);
        }
    }
}
