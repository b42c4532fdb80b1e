package dev.vpsguard.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.client.HttpReply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportClientTest {
    private static SendOutcome classify(int status, String body) {
        return ReportClient.classify(new HttpReply(status, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void answersAreSortedIntoAcceptedRetryAndRejected() {
        assertThat(
                        classify(
                                200,
                                "{\"seq\":1,\"duplicate\":true,\"desiredState\":{\"version\":0,\"issuedAt\":\"2026-01-01T00:00:00Z\",\"actions\":[]}}"))
                .isInstanceOfSatisfying(
                        SendOutcome.Accepted.class,
                        a -> assertThat(a.reply().duplicate()).isTrue());
        // A 2xx that does not confirm the report is not taken as "stored".
        assertThat(classify(200, "not json"))
                .isInstanceOfSatisfying(
                        SendOutcome.Unconfirmed.class,
                        u -> {
                            assertThat(u.kind()).isEqualTo("unreadable");
                            assertThat(u.reason()).contains("not json");
                        });
        assertThat(classify(500, ""))
                .isInstanceOfSatisfying(
                        SendOutcome.Retry.class,
                        r -> assertThat(r.kind()).isEqualTo("server_error"));
        assertThat(classify(503, "")).isInstanceOf(SendOutcome.Retry.class);
        assertThat(classify(408, ""))
                .isInstanceOfSatisfying(
                        SendOutcome.Retry.class, r -> assertThat(r.kind()).isEqualTo("throttled"));
        assertThat(classify(429, ""))
                .isInstanceOfSatisfying(
                        SendOutcome.Retry.class, r -> assertThat(r.kind()).isEqualTo("throttled"));
        assertThat(classify(401, "{}"))
                .isInstanceOfSatisfying(
                        SendOutcome.Retry.class, r -> assertThat(r.reason()).contains("enroll"));
        assertThat(classify(302, ""))
                .isInstanceOfSatisfying(
                        SendOutcome.Retry.class, r -> assertThat(r.kind()).isEqualTo("unexpected"));
        assertThat(classify(400, "{\"error\":\"bad\"}"))
                .isInstanceOfSatisfying(
                        SendOutcome.Rejected.class, r -> assertThat(r.body()).contains("bad"));
        assertThat(classify(403, "")).isInstanceOf(SendOutcome.Rejected.class);
        assertThat(classify(413, "")).isInstanceOf(SendOutcome.Rejected.class);
    }
}
