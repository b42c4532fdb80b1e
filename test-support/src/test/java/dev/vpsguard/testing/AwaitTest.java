package dev.vpsguard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        Await.until("the third poll", Duration.ofSeconds(10), () -> polls.incrementAndGet() == 3);
        assertThat(polls).hasValue(3);
    }

    @Test
    void returnsTheFirstValueTheProbeYields() {
        AtomicInteger polls = new AtomicInteger();
        int v =
                Await.value(
                        "a value",
                        Duration.ofSeconds(10),
                        () -> Optional.of(polls.incrementAndGet()).filter(n -> n >= 2));
        assertThat(v).isEqualTo(2);
    }

    @Test
    void failsNamingWhatWasAwaitedWhenTheDeadlinePasses() {
        assertThatThrownBy(() -> Await.until("the impossible", Duration.ofMillis(20), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after PT0.02S waiting for the impossible");
    }

    @Test
    void aLazyDescriptionIsAskedOnlyOnFailure() {
        AtomicInteger asked = new AtomicInteger();
        Await.until(() -> "state " + asked.incrementAndGet(), Duration.ofSeconds(1), () -> true);
        assertThat(asked).hasValue(0);
        assertThatThrownBy(
                        () ->
                                Await.until(
                                        () -> "state " + asked.incrementAndGet(),
                                        Duration.ZERO,
                                        () -> false))
                .hasMessageEndingWith("waiting for state 1");
    }

    @Test
    void anInterruptEndsTheWaitAndStaysOnTheThread() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Await.until("never", Duration.ofSeconds(10), () -> false))
                    .hasMessage("interrupted while waiting");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
