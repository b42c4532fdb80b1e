package dev.vpsguard.server.tx;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;

/**
 * Work that must wait for the outcome of the current transaction: memory that must follow a
 * rollback, or a wake-up that must only see committed rows. Outside a transaction nothing is
 * registered (there is no outcome to wait for) and the callers' fallbacks apply.
 */
public final class TransactionHooks {
    private TransactionHooks() {}

    /** Runs {@code action} once the current transaction has committed. */
    public static void afterCommit(TransactionOperations<?> transactions, Runnable action) {
        register(transactions, true, action);
    }

    /** Runs {@code action} once the current transaction has ended without committing. */
    public static void afterRollback(TransactionOperations<?> transactions, Runnable action) {
        register(transactions, false, action);
    }

    private static void register(
            TransactionOperations<?> transactions, boolean onCommit, Runnable action) {
        transactions
                .findTransactionStatus()
                .ifPresent(
                        status ->
                                status.registerSynchronization(
                                        new TransactionSynchronization() {
                                            @Override
                                            public void afterCompletion(Status s) {
                                                if ((s == Status.COMMITTED) == onCommit) {
                                                    action.run();
                                                }
                                            }
                                        }));
    }
}
