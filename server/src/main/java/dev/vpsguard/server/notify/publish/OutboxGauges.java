package dev.vpsguard.server.notify.publish;

import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.GaugeMetricFamily;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox as a scrape finds it, by channel: one grouped count over the pending and dead rows
 * (index {@code ix_notify_outbox_due}), read at each scrape so it never drifts from the table.
 * Configured channels with nothing queued show 0, so an alert has a series to compare.
 *
 * <pre>
 * vpsguard_outbox_pending{channel="mail"} 0.0
 * vpsguard_outbox_oldest_pending_timestamp_seconds{channel="webhook:support"} 1.7649E9
 * vpsguard_outbox_dead_letters{channel="webhook:support"} 2.0
 * </pre>
 *
 * When the database does not answer the families are left out (and logged); {@code
 * vpsguard_database_up} says why.
 */
@Context
public class OutboxGauges extends Collector {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxGauges.class);
    private static final String QUERY =
            "SELECT channel, status, COUNT(*), MIN(queued_at) FROM notify_outbox"
                    + " WHERE status IN ('PENDING', 'DEAD') GROUP BY channel, status";
    private static final List<String> CHANNEL = List.of("channel");

    private final DataSource pool;
    private final NotificationOutbox outbox;

    public OutboxGauges(
            CollectorRegistry registry,
            DataSource dataSource,
            @Nullable DataSourceResolver resolver,
            NotificationOutbox outbox) {
        // The pool itself: scrapes run outside any transaction.
        this.pool = resolver == null ? dataSource : resolver.resolve(dataSource);
        this.outbox = outbox;
        register(registry);
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Map<String, Double> pending = new TreeMap<>();
        Map<String, Double> dead = new TreeMap<>();
        Map<String, Double> oldest = new TreeMap<>();
        for (String channel : outbox.channels()) {
            pending.put(channel, 0.0);
            dead.put(channel, 0.0);
        }
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(QUERY)) {
            while (rs.next()) {
                String channel = rs.getString(1);
                if ("PENDING".equals(rs.getString(2))) {
                    pending.put(channel, (double) rs.getLong(3));
                    OffsetDateTime t = rs.getObject(4, OffsetDateTime.class);
                    if (t != null) {
                        oldest.put(channel, t.toInstant().toEpochMilli() / 1000.0);
                    }
                } else {
                    dead.put(channel, (double) rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            LOG.warn("outbox metrics left out of this scrape: {}", e.getMessage());
            return List.of();
        }
        List<MetricFamilySamples> out = new ArrayList<>();
        out.add(
                family(
                        "vpsguard_outbox_pending",
                        "Notifications waiting for delivery (first try or retry), by channel.",
                        pending));
        out.add(
                family(
                        "vpsguard_outbox_oldest_pending_timestamp_seconds",
                        "When the oldest waiting notification entered the queue, Unix seconds;"
                                + " absent when none waits.",
                        oldest));
        out.add(
                family(
                        "vpsguard_outbox_dead_letters",
                        "Notifications given up on (dead letters), by channel; they stay until an"
                                + " operator retries them.",
                        dead));
        return out;
    }

    private static GaugeMetricFamily family(String name, String help, Map<String, Double> values) {
        GaugeMetricFamily f = new GaugeMetricFamily(name, help, CHANNEL);
        values.forEach((channel, v) -> f.addMetric(List.of(channel), v));
        return f;
    }
}
