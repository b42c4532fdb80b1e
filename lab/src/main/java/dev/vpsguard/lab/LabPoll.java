package dev.vpsguard.lab;

import dev.vpsguard.testing.Await;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on real IO in the lab, in the argument order the lab's callers read best. */
public final class LabPoll {
    private LabPoll() {}

    /**
     * Polls {@code condition} until it holds ({@link Await}).
     *
     * @throws AssertionError with {@code describe}'s text when {@code timeout} passes first
     */
    public static void until(
            Duration timeout, BooleanSupplier condition, Supplier<String> describe) {
        Await.until(describe, timeout, condition);
    }

    /** Sleeps; an interrupt is restored and turned into an unchecked failure. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
