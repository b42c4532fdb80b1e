package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vpsguard.agent.smtp.SmtpWindowAggregator.Limits;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.cache.caffeine.CacheMetricsCollector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpObserverTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final SourceAttribution attribution =
            source ->
                    source.getHostAddress().equals("198.51.100.101")
                            ? 101
                            : SourceAttribution.UNATTRIBUTED;
    private final SmtpWindowAggregator aggregator =
            new SmtpWindowAggregator(attribution, Limits.DEFAULTS, Ticker.systemTicker(), T0);
    private final List<String> warnings = new ArrayList<>();
    private final UrgentReportTrigger trigger =
            new UrgentReportTrigger(
                    Clock.fixed(T0, ZoneOffset.UTC),
                    3,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(1));
    private final SmtpObserver observer =
            new SmtpObserver(aggregator, attribution, trigger, warnings::add);

    @Test
    void countsParsedLinesAndParseErrorsAndExplainsTheFirstErrorOnce() {
        Fixtures.lines("ipv4-acct-on.txt").forEach(observer::onLine);
        observer.onLine("garbage");
        observer.onLine("more garbage");
        assertThat(observer.eventsParsed()).isEqualTo(Fixtures.lines("ipv4-acct-on.txt").size());
        assertThat(observer.parseErrors()).isEqualTo(2);
        assertThat(warnings).singleElement().asString().contains("not events");
    }

    @Test
    void aBurstOfNewConnectionsAsksForAnUrgentReport() throws Exception {
        List<Boolean> urgent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            urgent.add(
                    observer.onLine(
                            SmtpWindowAggregatorTest.newLine(i, "198.51.100.101", "192.0.2." + i)));
        }
        assertThat(urgent).containsExactly(false, false, true);
        // Unattributed bursts (the host's own mail) never trigger.
        for (int i = 10; i < 20; i++) {
            assertThat(
                            observer.onLine(
                                    SmtpWindowAggregatorTest.newLine(
                                            i, "198.51.100.250", "192.0.2.1")))
                    .isFalse();
        }
    }

    @Test
    void exportsPerGuestCountersAndFlowTableStats() {
        Fixtures.lines("ipv4-acct-on-expiry.txt").forEach(observer::onLine);
        CollectorRegistry registry = new CollectorRegistry();
        observer.register(registry);
        CacheMetricsCollector caches = new CacheMetricsCollector().register(registry);
        caches.addCache("smtp_flows", aggregator.flowCache());
        String[] vmid = {"vmid"};
        assertThat(
                        registry.getSampleValue(
                                "vpsguard_agent_smtp_new_connections_total",
                                vmid,
                                new String[] {"101"}))
                .isEqualTo(3.0);
        assertThat(
                        registry.getSampleValue(
                                "vpsguard_agent_smtp_established_total",
                                vmid,
                                new String[] {"101"}))
                .isGreaterThanOrEqualTo(3.0);
        assertThat(
                        registry.getSampleValue(
                                "vpsguard_agent_smtp_sent_bytes_total", vmid, new String[] {"101"}))
                .isPositive();
        assertThat(registry.getSampleValue("vpsguard_agent_conntrack_events_parsed_total"))
                .isEqualTo(23.0);
        assertThat(
                        registry.getSampleValue(
                                "caffeine_cache_estimated_size",
                                new String[] {"cache"},
                                new String[] {"smtp_flows"}))
                .isNotNull();
    }

    @Test
    void unattributedFlowsAreLabelledSoOnceTheirWindowClosesUnclaimed() {
        observer.onLine(SmtpWindowAggregatorTest.newLine(1, "198.51.100.250", "192.0.2.1"));
        CollectorRegistry registry = new CollectorRegistry();
        registry.register(new SmtpMetricsCollector(aggregator));
        // Until the window closes the source may still be learned as some guest's.
        assertThat(
                        registry.getSampleValue(
                                "vpsguard_agent_smtp_new_connections_total",
                                new String[] {"vmid"},
                                new String[] {"unattributed"}))
                .isNull();
        aggregator.closeWindow(java.time.Instant.parse("2026-11-22T10:00:05Z"));
        assertThat(
                        registry.getSampleValue(
                                "vpsguard_agent_smtp_new_connections_total",
                                new String[] {"vmid"},
                                new String[] {"unattributed"}))
                .isEqualTo(1.0);
    }
}
