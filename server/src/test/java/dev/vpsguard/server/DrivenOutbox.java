package dev.vpsguard.server;

import dev.vpsguard.server.notify.outbox.OutboxDispatcher;
import dev.vpsguard.server.notify.outbox.OutboxDispatcher.PassResult;
import dev.vpsguard.server.notify.outbox.OutboxItem;
import dev.vpsguard.server.notify.outbox.OutboxStore;
import java.time.Duration;
import java.util.List;

/**
 * A test server's outbox delivered by the test itself: the server's own passes are stopped, and
 * each pass runs on the test's thread at the test clock's time. When {@link #deliverDue()} returns,
 * every item due has been delivered, scheduled for a later retry or given up, and the receivers
 * have seen every request it made: what they hold is final, so a test can assert that nothing more
 * was sent without waiting to see.
 */
public final class DrivenOutbox {
    /** More passes than any test needs; reaching it means items keep coming due at one instant. */
    private static final int MAX_PASSES = 1_000;

    private final TestServer server;
    private final OutboxDispatcher dispatcher;
    private final OutboxStore store;

    private DrivenOutbox(TestServer server) {
        this.server = server;
        this.dispatcher = server.context().getBean(OutboxDispatcher.class);
        this.store = server.context().getBean(OutboxStore.class);
    }

    /**
     * Stops {@code server}'s scheduled passes (waiting for one in flight) and the wake-ups its
     * commits send; from here on only this object delivers.
     */
    public static DrivenOutbox of(TestServer server) {
        DrivenOutbox outbox = new DrivenOutbox(server);
        // close() ends the scheduler thread; runOnce keeps working on the caller's thread.
        outbox.dispatcher.close();
        return outbox;
    }

    /**
     * Passes at the clock's current time until one finds nothing due.
     *
     * @return the sum of those passes
     */
    public PassResult deliverDue() {
        int delivered = 0;
        int retried = 0;
        int dead = 0;
        for (int i = 0; i < MAX_PASSES; i++) {
            PassResult r = dispatcher.runOnce(server.clock().instant());
            if (r.total() == 0) {
                return new PassResult(delivered, retried, dead);
            }
            delivered += r.delivered();
            retried += r.retried();
            dead += r.dead();
        }
        throw new AssertionError("the outbox still had items due after " + MAX_PASSES + " passes");
    }

    /**
     * Delivers what is due, checks that nothing is left pending (every item delivered or given up;
     * an item claimed but not recorded would still be pending), and that a pass a year later claims
     * nothing: no later pass will send anything more. The test clock does not move.
     *
     * @return the sum of the passes at the clock's time
     */
    public PassResult settle() {
        PassResult r = deliverDue();
        assertSettled("after delivering what was due");
        return r;
    }

    /**
     * Delivers what is due, then moves the clock by {@code step} and does it again, until nothing
     * is pending (every item delivered or dead), at most {@code maxSteps} times; then checks as
     * {@link #settle()} does.
     */
    public void deliverAll(Duration step, int maxSteps) {
        deliverDue();
        for (int i = 0; i < maxSteps && pending() > 0; i++) {
            server.clock().advance(step);
            deliverDue();
        }
        assertSettled("after " + maxSteps + " steps of " + step);
    }

    /** Items neither delivered nor dead. */
    public int pending() {
        return store.list(OutboxItem.Status.PENDING, Integer.MAX_VALUE).size();
    }

    private void assertSettled(String when) {
        List<OutboxItem> left = store.list(OutboxItem.Status.PENDING, 10);
        if (!left.isEmpty()) {
            throw new AssertionError("outbox items still pending " + when + ": " + left);
        }
        PassResult later = dispatcher.runOnce(server.clock().instant().plus(Duration.ofDays(365)));
        if (later.total() != 0) {
            throw new AssertionError("a pass a year later still took items: " + later);
        }
    }
}
