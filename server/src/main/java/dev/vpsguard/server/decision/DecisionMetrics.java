package dev.vpsguard.server.decision;

import dev.vpsguard.server.tx.TransactionHooks;
import io.micronaut.context.annotation.Context;
import io.micronaut.transaction.TransactionOperations;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.sql.Connection;

/**
 * {@code vpsguard_decisions_total{kind}}: decisions taken, by {@link Decision#kind()} ({@code
 * smtp_block_started}, {@code unblock_answered}, {@code resource_action_applied}, ...). Counted
 * when the decision's transaction commits: one that rolls back (a concurrent report won the guest's
 * ladder) was never taken.
 */
// @Context: registered at startup, so the family exists before the first decision.
@Context
public class DecisionMetrics {
    private final Counter decisions;
    private final TransactionOperations<Connection> transactions;

    public DecisionMetrics(
            CollectorRegistry registry, TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
        decisions =
                Counter.build(
                                "vpsguard_decisions_total",
                                "Decisions taken (committed), by kind: smtp_block_started,"
                                        + " smtp_block_lifted, unblock_answered, unblock_queued,"
                                        + " resource_*, action_failed.")
                        .labelNames("kind")
                        .register(registry);
    }

    /** Counts {@code d} once its transaction commits (at once outside a transaction). */
    public void taken(Decision d) {
        Runnable count = () -> decisions.labels(d.kind()).inc();
        if (transactions.findTransactionStatus().isPresent()) {
            TransactionHooks.afterCommit(transactions, count);
        } else {
            count.run();
        }
    }
}
