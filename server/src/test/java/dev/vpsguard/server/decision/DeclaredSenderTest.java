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
 * Operator policy directory: a newsletter is never blocked, declared or not (an undeclared one is
 * asked to declare); a declared sender that spams is blocked; bad files stop startup.
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
    void aNewsletterIsNeverBlockedAndOnlyTheUndeclaredGuestIsAskedToDeclareIt(@TempDir Path dir)
            throws IOException {
        Files.writeString(
                dir.resolve("default.yml"), bundledDefault().replace("vmids: []", "vmids: [150]"));
        try (TestServer server =
                TestServer.start(Map.of("vpsguard.policies.dir", dir.toString()))) {
            LadderDriver agent = LadderDriver.enroll(server);
            // Three minutes at 150 a minute, all accepted, to 400 servers: past the plain burst
            // threshold (60) and the fan-out ones, under the declared burst (600).
            JsonNode last = agent.newsletter(36, 150, 151);
            assertThat(LadderDriver.smtpBlock(last, 150)).as("declared").isNull();
            assertThat(LadderDriver.smtpBlock(last, 151)).as("undeclared").isNull();
            assertThat(agent.findings(150, "spam_volume")).as("declared").isZero();
            // One finding-only notice for the undeclared guest, not one per window.
            assertThat(agent.findings(151, "spam_volume")).as("undeclared").isEqualTo(1);
            assertThat(agent.findings(151, "spam")).isZero();
            assertThat(agent.ladder(151).get("strikesCounting").asInt()).isZero();
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
            // the plain burst threshold (60), under the declared one (600), all accepted.
            List<SmtpWindow> letters = LabSeries.repeated("newsletter", t0, 1, 20, 1, true);
            JsonNode last = null;
            for (SmtpWindow w : letters) {
                last = agent.report(Map.of(150, w, 151, w));
            }
            assertThat(LadderDriver.smtpBlock(last, 150)).as("declared").isNull();
            assertThat(LadderDriver.smtpBlock(last, 151)).as("undeclared: volume alone").isNull();
            // Three copies of the recorded spam bot (a third of its attempts failing) from the
            // declared guest: its raised volume thresholds do not cover failures. The accepted
            // newsletter just before dilutes the 10-minute ratio, so this takes a few runs.
            List<SmtpWindow> bot =
                    LabSeries.repeated(LabSeries.SPAM_BOT, t0.plusSeconds(600), 2, 30, 3, true);
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
