package dev.vpsguard.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.detect.LabSeries;
import dev.vpsguard.server.policy.PolicyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator policy directory: a declared newsletter sender is not blocked; bad files stop startup.
 */
class DeclaredSenderTest {
    private static String bundledDefault() throws IOException {
        try (InputStream in =
                DeclaredSenderTest.class
                        .getClassLoader()
                        .getResourceAsStream("policies/default.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void newsletterWindowsFromADeclaredSenderProduceNoBlock(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("default.yml"), bundledDefault().replace("vmids: []", "vmids: [150]"));
        try (TestServer server =
                TestServer.start(Map.of("vpsguard.policies.dir", dir.toString()))) {
            LadderDriver agent = LadderDriver.enroll(server);
            JsonNode last = null;
            for (int i = 0; i < 8; i++) {
                // 40 per 5 s: 480 a minute, past the plain threshold (60), under the declared (600)
                last = agent.report(40, 150, 151);
            }
            assertThat(LadderDriver.smtpBlock(last, 150)).isNull();
            assertThat(LadderDriver.smtpBlock(last, 151))
                    .as("the same traffic undeclared")
                    .isNotNull();
        }
    }

    @Test
    void labSeriesADeclaredNewsletterPassesAndTheSameGuestSpammingIsBlocked(@TempDir Path dir)
            throws IOException {
        Files.writeString(
                dir.resolve("default.yml"), bundledDefault().replace("vmids: []", "vmids: [150]"));
        try (TestServer server =
                TestServer.start(Map.of("vpsguard.policies.dir", dir.toString()))) {
            LadderDriver agent = LadderDriver.enroll(server);
            Instant t0 = server.clock().instant();
            // The recorded newsletter run in every 8-second window: 225 connections a minute, past
            // the plain burst threshold (60), under the declared one (600).
            List<SmtpWindow> letters = LabSeries.repeated("newsletter", t0, 1, 20, 1, true);
            JsonNode last = null;
            for (SmtpWindow w : letters) {
                last = agent.report(Map.of(150, w, 151, w));
            }
            assertThat(LadderDriver.smtpBlock(last, 150)).as("declared").isNull();
            assertThat(LadderDriver.smtpBlock(last, 151)).as("undeclared").isNotNull();
            // Three copies of the recorded spam bot (675 a minute) from the declared guest.
            List<SmtpWindow> bot =
                    LabSeries.repeated(LabSeries.SPAM_BOT, t0.plusSeconds(600), 2, 10, 3, true);
            JsonNode blocked = null;
            for (SmtpWindow w : bot) {
                blocked = agent.report(Map.of(150, w));
                if (LadderDriver.smtpBlock(blocked, 150) != null) {
                    break;
                }
            }
            assertThat(LadderDriver.smtpBlock(blocked, 150)).as("declared, spamming").isNotNull();
            JsonNode finding = agent.lastFinding(150);
            assertThat(finding.get("thresholdMultiplier").asDouble()).isEqualTo(10.0);
        }
    }

    @Test
    void anInvalidOperatorPolicyStopsStartupNamingFileAndKey(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("broken.yml"),
                "contract: broken\nspam:\n  clause: x\n  burst_typo: 3\n");
        Throwable t =
                Assertions.catchThrowable(
                        () ->
                                TestServer.start(Map.of("vpsguard.policies.dir", dir.toString()))
                                        .close());
        Throwable cause = t;
        while (cause != null && !(cause instanceof PolicyException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as(String.valueOf(t)).isInstanceOf(PolicyException.class);
        assertThat(cause.getMessage()).contains("broken.yml").contains("burst_typo");
    }
}
