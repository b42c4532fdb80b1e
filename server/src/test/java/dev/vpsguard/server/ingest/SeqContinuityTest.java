package dev.vpsguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.server.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeqContinuityTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Duration SKEW = Duration.ofMinutes(5);

    private static AgentInstanceRow last(long seq, Instant sentAt) {
        return new AgentInstanceRow("r", "h", "i", T0, seq, "d", sentAt, sentAt);
    }

    @Test
    void followsTheLastSeqOfTheInstance() {
        assertThat(SeqContinuity.judge(null, 7, T0, SKEW))
                .isEqualTo(new SeqContinuity.Verdict(SeqContinuity.Kind.FIRST, 0));
        assertThat(SeqContinuity.judge(last(6, T0), 7, T0, SKEW).kind())
                .isEqualTo(SeqContinuity.Kind.NEXT);
        assertThat(SeqContinuity.judge(last(6, T0), 9, T0, SKEW).kind())
                .isEqualTo(SeqContinuity.Kind.GAP);
        assertThat(SeqContinuity.judge(last(6, T0), 6, T0, SKEW).kind())
                .isEqualTo(SeqContinuity.Kind.RESTARTED);
        assertThat(SeqContinuity.judge(last(6, T0), 1, T0, SKEW))
                .isEqualTo(new SeqContinuity.Verdict(SeqContinuity.Kind.RESTARTED, 6));
    }

    @Test
    void theAllowedJumpIsTwoReportsASecondSinceTheLastWasBuiltPlusSlack() {
        // Right after the last report: slack plus the clock skew's worth of reports.
        long now = SeqContinuity.SLACK + 2 * 300;
        assertThat(SeqContinuity.maxAhead(T0, T0, SKEW)).isEqualTo(now);
        assertThat(SeqContinuity.judge(last(6, T0), 6 + now, T0, SKEW).kind())
                .isEqualTo(SeqContinuity.Kind.GAP);
        assertThatThrownBy(() -> SeqContinuity.judge(last(6, T0), 7 + now, T0, SKEW))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> {
                            assertThat(e.field()).isEqualTo("seq");
                            assertThat(e.status().getCode()).isEqualTo(400);
                        });
        // Thirty days of outage: 2 × 30 × 86400 more.
        Instant later = T0.plus(Duration.ofDays(30));
        assertThat(SeqContinuity.maxAhead(T0, later, SKEW)).isEqualTo(now + 2L * 30 * 86_400);
        // A last report stamped in the future (the agent's clock was ahead) gives no less than
        // the slack.
        assertThat(SeqContinuity.maxAhead(T0.plus(Duration.ofDays(1)), T0, SKEW))
                .isEqualTo(SeqContinuity.SLACK);
    }
}
