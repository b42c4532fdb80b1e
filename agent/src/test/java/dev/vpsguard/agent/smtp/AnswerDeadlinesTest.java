package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerDeadlinesTest {
    @Test
    void attemptsAreDueAtTheirDeadlineInOrderAndOnce() {
        AnswerDeadlines<String> d = new AnswerDeadlines<>(5, 10);
        d.add("a", 0);
        d.add("b", 2);
        List<String> due = new ArrayList<>();
        d.expire(4, due::add);
        assertThat(due).isEmpty();
        d.expire(5, due::add);
        assertThat(due).containsExactly("a");
        d.expire(100, due::add);
        d.expire(200, due::add);
        assertThat(due).containsExactly("a", "b");
        assertThat(d.size()).isZero();
    }

    @Test
    void comparesNanoTimesByDifferenceAcrossTheirWrap() {
        AnswerDeadlines<String> d = new AnswerDeadlines<>(10, 10);
        d.add("a", Long.MAX_VALUE - 3);
        List<String> due = new ArrayList<>();
        d.expire(Long.MAX_VALUE, due::add);
        assertThat(due).isEmpty();
        d.expire(Long.MIN_VALUE + 6, due::add); // 10 ns after the start, past the wrap
        assertThat(due).containsExactly("a");
    }

    @Test
    void refusesBeyondItsCapacity() {
        AnswerDeadlines<String> d = new AnswerDeadlines<>(5, 2);
        assertThat(d.add("a", 0)).isTrue();
        assertThat(d.add("b", 0)).isTrue();
        assertThat(d.add("c", 0)).isFalse();
        assertThat(d.size()).isEqualTo(2);
        assertThatThrownBy(() -> new AnswerDeadlines<>(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
