package dev.vpsguard.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for something real (a process, a socket, another thread) to reach a state: polls a
 * condition until it holds, and fails with what was awaited once the deadline passes. Only for
 * presence; an absence is proven by driving one deterministic step and asserting, never by waiting.
 */
public final class Await {
    /** The first polls come quickly; later ones back off to this interval. */
    private static final long MAX_INTERVAL_MILLIS = 100;

    private Await() {}

    /**
     * Polls {@code condition} until it holds.
     *
     * @param what what is awaited, for the failure message
     * @throws AssertionError naming {@code what} when {@code timeout} passes first
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(() -> what, timeout, condition);
    }

    /**
     * Polls {@code condition} until it holds.
     *
     * @param what what is awaited, asked only on failure (it may describe the last state seen)
     * @throws AssertionError with {@code what}'s text when {@code timeout} passes first
     */
    public static void until(Supplier<String> what, Duration timeout, BooleanSupplier condition) {
        value(what, timeout, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
    }

    /**
     * Polls {@code probe} until it yields a value, and returns it.
     *
     * @throws AssertionError naming {@code what} when {@code timeout} passes first
     */
    public static <T> T value(String what, Duration timeout, Supplier<Optional<T>> probe) {
        return value(() -> what, timeout, probe);
    }

    /**
     * Polls {@code probe} until it yields a value, and returns it.
     *
     * @param what what is awaited, asked only on failure (it may describe the last state seen)
     * @throws AssertionError with {@code what}'s text when {@code timeout} passes first
     */
    public static <T> T value(
            Supplier<String> what, Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long interval = 1;
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + what.get());
            }
            pause(interval);
            interval = Math.min(MAX_INTERVAL_MILLIS, interval * 2);
        }
    }

    /** Sleeps; an interrupt is kept on the thread and ends the wait with a failure. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
