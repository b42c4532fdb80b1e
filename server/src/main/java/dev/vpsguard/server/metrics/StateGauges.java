package dev.vpsguard.server.metrics;

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
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is open right now, counted in the database at each scrape (one statement of indexed counts,
 * so every server node and every restart agrees with the tables):
 *
 * <pre>
 * vpsguard_database_up 1.0
 * vpsguard_blocks_active 3.0
 * vpsguard_unblock_requests_pending 1.0
 * vpsguard_actions_awaiting_approval 0.0
 * vpsguard_hosts_enrolled 12.0
 * vpsguard_hosts_silent 1.0
 * </pre>
 *
 * When the database does not answer, {@code vpsguard_database_up} is 0 and the counts are left out
 * (an alert on a count then sees no series, not a false 0).
 */
@Context
public class StateGauges extends Collector {
    private static final Logger LOG = LoggerFactory.getLogger(StateGauges.class);
    private static final String COUNTS =
            "SELECT (SELECT COUNT(*) FROM blocks WHERE state = 'active'),"
                    + " (SELECT COUNT(*) FROM unblock_requests WHERE outcome = 'queued'),"
                    + " (SELECT COUNT(*) FROM actions WHERE state = 'awaiting_approval'"
                    + " AND lifted_at IS NULL),"
                    + " (SELECT COUNT(*) FROM hosts WHERE credential_hash IS NOT NULL),"
                    + " (SELECT COUNT(*) FROM host_silences)";

    private record Gauge(String name, String help) {}

    private static final List<Gauge> GAUGES =
            List.of(
                    new Gauge("vpsguard_blocks_active", "SMTP blocks in force."),
                    new Gauge(
                            "vpsguard_unblock_requests_pending",
                            "Unblock requests waiting for an operator's decision (queued)."),
                    new Gauge(
                            "vpsguard_actions_awaiting_approval",
                            "Resource actions waiting for an operator's approval."),
                    new Gauge("vpsguard_hosts_enrolled", "Hosts holding a credential."),
                    new Gauge(
                            "vpsguard_hosts_silent",
                            "Enrolled hosts marked silent: no report for longer than"
                                    + " vpsguard.hosts.silent-after."));

    private final DataSource pool;

    public StateGauges(
            CollectorRegistry registry,
            DataSource dataSource,
            @Nullable DataSourceResolver resolver) {
        // The pool itself: scrapes run outside any transaction.
        this.pool = resolver == null ? dataSource : resolver.resolve(dataSource);
        register(registry);
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> out = new ArrayList<>();
        double up = 1;
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(COUNTS)) {
            rs.next();
            for (int i = 0; i < GAUGES.size(); i++) {
                Gauge g = GAUGES.get(i);
                out.add(new GaugeMetricFamily(g.name(), g.help(), rs.getLong(i + 1)));
            }
        } catch (SQLException e) {
            LOG.warn("database counts left out of this scrape: {}", e.getMessage());
            out.clear();
            up = 0;
        }
        out.add(
                0,
                new GaugeMetricFamily(
                        "vpsguard_database_up",
                        "1 when the scrape's count queries succeeded, 0 when the database did not"
                                + " answer.",
                        up));
        return out;
    }
}
