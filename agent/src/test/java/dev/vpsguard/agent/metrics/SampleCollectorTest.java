package dev.vpsguard.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.testing.FakeHost;
import dev.vpsguard.protocol.Report;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SampleCollectorTest {
    private final FakeHost host = new FakeHost();
    private final SampleCollector samples = new SampleCollector();

    private Report report(long seq, int guests) {
        return new Report(
                1,
                "h",
                seq,
                Instant.parse("2026-01-01T00:00:00Z"),
                host.sampleHost(),
                host.sampleGuests(FakeHost.GUESTS.subList(0, guests)),
                null,
                null,
                null);
    }

    @Test
    void nothingBeforeTheFirstReport() {
        assertThat(samples.exposition()).isEmpty();
    }

    @Test
    void scrapesBetweenTwoReportsShareOneRenderingAndANewReportRendersAgain() {
        samples.update(report(1, FakeHost.GUESTS.size()));
        byte[] first = samples.exposition();
        assertThat(samples.exposition()).isSameAs(first);
        assertThat(new String(first, StandardCharsets.UTF_8)).contains("vmid=\"200\"");

        samples.update(report(2, 1));
        byte[] second = samples.exposition();
        assertThat(second).isNotSameAs(first);
        assertThat(new String(second, StandardCharsets.UTF_8))
                .doesNotContain("vmid=\"200\"")
                .contains("vmid=\"101\"");
        // the first answer is still whole: a scrape being written out keeps its bytes
        assertThat(new String(first, StandardCharsets.UTF_8)).contains("vmid=\"200\"");
    }
}
