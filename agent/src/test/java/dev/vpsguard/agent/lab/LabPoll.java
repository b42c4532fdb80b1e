package dev.vpsguard.agent.lab;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on real IO in the lab: polls a condition until it holds or a deadline passes. */
final class LabPoll {
    private static final long INTERVAL_MILLIS = 50;

    private LabPoll() {}

    /**
     * Polls {@code condition} every 50 ms.
     *
     * @throws IllegalStateException with {@code describe}'s text when {@code timeout} passes first
     */
    static void until(Duration timeout, BooleanSupplier condition, Supplier<String> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "timed out after " + timeout + " waiting for " + describe.get());
            }
            sleep(INTERVAL_MILLIS);
        }
    }

    /** Sleeps; an interrupt is restored and turned into an unchecked failure of the test. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
