package dev.vpsguard.agent.reach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestReach;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Probe answers to a confirmed state, one probe at a time. */
class ReachTrackerTest {
    static final Instant T0 = Instant.parse("2027-02-05T10:00:00Z");
    final ReachTracker tracker = new ReachTracker(3, Duration.ofMinutes(3));

    private static Instant min(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    private Optional<GuestReach> at(int m) {
        return tracker.reach(101, min(m));
    }

    @Test
    void aGuestAgentThatNeverAnsweredIsNotJudged() {
        tracker.probed(101, false, min(0));
        tracker.probed(101, false, min(1));
        tracker.probed(101, false, min(2));
        assertThat(at(2)).isEmpty();
    }

    @Test
    void threeMissesInARowMakeItUnansweredFromTheFirstMiss() {
        tracker.probed(101, true, min(0));
        assertThat(at(0)).contains(new GuestReach("guest-agent", true, min(0)));
        tracker.probed(101, false, min(1));
        tracker.probed(101, false, min(2));
        assertThat(at(2))
                .as("two misses are not yet an outage")
                .contains(new GuestReach("guest-agent", true, min(0)));
        tracker.probed(101, false, min(3));
        assertThat(at(3)).contains(new GuestReach("guest-agent", false, min(1)));
        tracker.probed(101, false, min(4));
        assertThat(at(4)).contains(new GuestReach("guest-agent", false, min(1)));
        tracker.probed(101, true, min(5));
        assertThat(at(5)).contains(new GuestReach("guest-agent", true, min(5)));
    }

    @Test
    void anAnswerBetweenMissesStartsTheCountAgain() {
        tracker.probed(101, true, min(0));
        tracker.probed(101, false, min(1));
        tracker.probed(101, false, min(2));
        tracker.probed(101, true, min(3));
        tracker.probed(101, false, min(4));
        tracker.probed(101, false, min(5));
        assertThat(at(5)).contains(new GuestReach("guest-agent", true, min(0)));
    }

    @Test
    void aStaleOrForgottenStateIsNotReported() {
        tracker.probed(101, true, min(0));
        assertThat(at(3)).isPresent();
        assertThat(at(4)).as("the probe thread fell behind").isEmpty();
        tracker.retainOnly(Set.of(102));
        assertThat(at(0)).isEmpty();
    }
}
