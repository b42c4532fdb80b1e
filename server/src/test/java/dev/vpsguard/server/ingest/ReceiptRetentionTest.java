package dev.vpsguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReceiptRetentionTest {
    @Test
    void aRetentionUnderAMinuteStopsStartupNamingTheKey() {
        IngestConfig config =
                new IngestConfig(1 << 20, 8 << 20, Duration.ofMinutes(5), Duration.ofSeconds(30));
        assertThatThrownBy(() -> new ReceiptRetention(null, config, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vpsguard.ingest.receipt-retention = PT30S: must be at least 1m");
    }
}
