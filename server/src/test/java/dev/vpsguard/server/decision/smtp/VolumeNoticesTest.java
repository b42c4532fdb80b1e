package dev.vpsguard.server.decision.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VolumeNoticesTest {
    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    static final Duration WEEK = Duration.ofDays(7);

    @Test
    void aNoticeIsDueFirstThenOnlyOncePerPeriod() {
        assertThat(VolumeNotices.due(null, T0, WEEK)).isTrue();
        assertThat(VolumeNotices.due(T0, T0, WEEK)).isFalse();
        assertThat(VolumeNotices.due(T0, T0.plus(WEEK).minusMillis(1), WEEK)).isFalse();
        assertThat(VolumeNotices.due(T0, T0.plus(WEEK), WEEK)).isTrue();
    }
}
