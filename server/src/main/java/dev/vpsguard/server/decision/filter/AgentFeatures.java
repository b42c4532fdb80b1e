package dev.vpsguard.server.decision.filter;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.tx.TransactionHooks;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a host's agent understands the {@code traffic_filter} action. An agent older than it
 * refuses the whole desired state that holds one, which would stop every enforcement on the host,
 * so the server must know before sending it. Agents announce a version only when they enrol (kept
 * in the audit log, and stale after an upgrade), and the protocol version did not change with the
 * action; what does change is that the agents built with the protocol that has {@code
 * GuestSample.flows} (which came after {@code traffic_filter}) send flow counts. So the first
 * report of a host carrying {@code flows} for any guest marks it, for good ({@code
 * agent_features}).
 */
@Singleton
public class AgentFeatures {
    private final AgentFeatureRepository rows;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    AgentFeatures(
            AgentFeatureRepository rows,
            TransactionOperations<Connection> transactions,
            Clock clock) {
        this.rows = rows;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Whether the host's agent understands {@code traffic_filter}, marking it when this report is
     * the first to show it. Runs in the report's transaction.
     */
    public boolean trafficFilter(Report report) {
        String host = report.hostId();
        boolean marked = known.computeIfAbsent(host, rows::existsById);
        if (marked) {
            return true;
        }
        if (report.guests().stream().map(GuestSample::flows).noneMatch(f -> f != null)) {
            return false;
        }
        rows.save(new AgentFeatureRow(host, clock.instant()));
        known.put(host, true);
        TransactionHooks.afterRollback(transactions, () -> known.remove(host));
        return true;
    }
}
