package dev.vpsguard.server.decision;

/**
 * The one way decisions leave the decision code. It is called inside the database transaction that
 * persists the decision, so an implementation that writes to an outbox table commits or rolls back
 * with it. The default only logs ({@link LoggingDecisionPublisher}); any other bean replaces it.
 */
public interface DecisionPublisher {
    /** Takes one decision; must not throw for delivery problems (retry belongs to the outbox). */
    void published(Decision decision);
}
