package dev.vpsguard.agent.smtp;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Connection attempts waiting for an answer, each until its deadline: a fixed delay after the
 * attempt was seen. Deadlines come in the order the attempts do (one delay, a monotonic clock), so
 * a FIFO is enough: the due ones are always at its head. Bounded: beyond {@code capacity} waiting
 * attempts, {@link #add} refuses. Not thread-safe (the aggregator holds its lock).
 *
 * @param <T> the attempt
 */
final class AnswerDeadlines<T> {
    private final ArrayDeque<Waiting<T>> waiting = new ArrayDeque<>();
    private final long delayNanos;
    private final int capacity;

    AnswerDeadlines(long delayNanos, int capacity) {
        if (delayNanos <= 0 || capacity < 1) {
            throw new IllegalArgumentException(
                    "delay and capacity must be positive, were " + delayNanos + ", " + capacity);
        }
        this.delayNanos = delayNanos;
        this.capacity = capacity;
    }

    /**
     * Starts the wait of {@code attempt}, seen at {@code nowNanos}.
     *
     * @return false when {@code capacity} attempts are waiting already (nothing is added)
     */
    boolean add(T attempt, long nowNanos) {
        if (waiting.size() >= capacity) {
            return false;
        }
        waiting.addLast(new Waiting<>(attempt, nowNanos + delayNanos));
        return true;
    }

    /** Hands every attempt whose deadline is at or before {@code nowNanos} to {@code due}. */
    void expire(long nowNanos, Consumer<T> due) {
        Waiting<T> head;
        // Ticker values are compared by difference, as System.nanoTime requires.
        while ((head = waiting.peekFirst()) != null && nowNanos - head.deadline >= 0) {
            waiting.pollFirst();
            due.accept(head.attempt);
        }
    }

    int size() {
        return waiting.size();
    }

    private record Waiting<T>(T attempt, long deadline) {}
}
