package dev.vpsguard.agent.smtp;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a restart later. Injected so tests decide when (and whether) restarts happen. */
@FunctionalInterface
public interface RestartScheduler {
    /** Runs {@code task} once, after {@code delay}. */
    void schedule(Runnable task, Duration delay);

    /** Schedules on {@code executor}. */
    static RestartScheduler on(ScheduledExecutorService executor) {
        return (task, delay) -> executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
