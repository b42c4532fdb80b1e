package dev.vpsguard.server.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestReach;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.GuestTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpisodeTrackerTest {
    static final Duration SILENT = Duration.ofMinutes(5);
    static final ProviderUsers PROVIDERS = new ProviderUsers(List.of("@pam"));
    static final Instant T = Instant.parse("2027-02-05T10:00:00Z");

    static GuestTask task(String type, String user, int startMin, int endMin, String status) {
        return new GuestTask(
                "UPID:pve:1:2:" + startMin + ":" + type + ":101:" + user + ":",
                101,
                type,
                user,
                T.plusSeconds(60L * startMin),
                T.plusSeconds(60L * endMin),
                status);
    }

    static EpisodeTracker.Step at(
            EpisodeTracker.Open o, int min, GuestStatus s, List<GuestTask> tasks) {
        return EpisodeTracker.observe(
                o, T.plusSeconds(60L * min), s, tasks, null, SILENT, PROVIDERS);
    }

    @Test
    void aCustomersStopStartsAtItsTasksEndAndTheReturnAtTheReportThatShowsIt() {
        EpisodeTracker.Open up = at(null, 0, GuestStatus.RUNNING, List.of()).open();
        List<GuestTask> tasks = List.of(task("qmshutdown", "client42@pve", 1, 2, "OK"));
        EpisodeTracker.Step down = at(up, 3, GuestStatus.STOPPED, tasks);
        assertThat(down.closed())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.condition()).isEqualTo(GuestCondition.UP);
                            assertThat(e.span().end()).isEqualTo(T.plusSeconds(120));
                        });
        assertThat(down.open().condition()).isEqualTo(GuestCondition.CUSTOMER_STOPPED);
        assertThat(down.open().evidence()).contains("qmshutdown by client42@pve");
        EpisodeTracker.Step same = at(down.open(), 6, GuestStatus.STOPPED, tasks);
        assertThat(same.closed()).isEmpty();
        EpisodeTracker.Step back = at(same.open(), 9, GuestStatus.RUNNING, tasks);
        assertThat(back.closed().get(0).span())
                .isEqualTo(new Span(T.plusSeconds(120), T.plusSeconds(540)));
    }

    @Test
    void aStopByRootOrAnApiTokenOfRootOrWithNoTaskOrAFailedCustomerStopIsTheProviders() {
        EpisodeTracker.Open up = at(null, 0, GuestStatus.RUNNING, List.of()).open();
        for (List<GuestTask> tasks :
                List.of(
                        List.of(task("qmstop", "root@pam", 1, 2, "OK")),
                        List.of(task("vzstop", "root@pam!vpsguard", 1, 2, "OK")),
                        List.<GuestTask>of(),
                        List.of(task("qmstop", "client42@pve", 1, 2, "ERROR: timeout")),
                        List.of(
                                task("qmstop", "client42@pve", 0, 1, "OK"),
                                task("qmstart", "client42@pve", 1, 2, "OK")))) {
            EpisodeTracker.Step s = at(up, 3, GuestStatus.STOPPED, tasks);
            assertThat(s.open().condition())
                    .as(tasks.toString())
                    .isEqualTo(GuestCondition.PROVIDER_STOPPED);
        }
        // Without a task, the outage starts at the last report that showed the guest running.
        assertThat(at(up, 3, GuestStatus.STOPPED, List.of()).open().start()).isEqualTo(T);
    }

    @Test
    void aGapIsSilenceOrTheHostDownUpToItsBootAndAStopGoingOnAcrossItStaysTheCustomers() {
        EpisodeTracker.Open up = at(null, 0, GuestStatus.RUNNING, List.of()).open();
        EpisodeTracker.Step gap =
                EpisodeTracker.observe(
                        up,
                        T.plusSeconds(3600),
                        GuestStatus.RUNNING,
                        List.of(),
                        T.plusSeconds(2400),
                        SILENT,
                        PROVIDERS);
        assertThat(gap.closed())
                .extracting(StateEpisode::condition)
                .containsExactly(
                        GuestCondition.UP, GuestCondition.HOST_DOWN, GuestCondition.HOST_SILENT);
        assertThat(gap.closed().get(1).span()).isEqualTo(new Span(T, T.plusSeconds(2400)));
        List<GuestTask> tasks = List.of(task("qmstop", "client42@pve", 1, 2, "OK"));
        EpisodeTracker.Open stopped = at(up, 3, GuestStatus.STOPPED, tasks).open();
        EpisodeTracker.Step across = at(stopped, 60, GuestStatus.STOPPED, tasks);
        assertThat(across.closed()).isEmpty();
        assertThat(across.open().condition()).isEqualTo(GuestCondition.CUSTOMER_STOPPED);
        assertThat(at(up, -1, GuestStatus.STOPPED, tasks).open())
                .as("a late old report")
                .isSameAs(up);
    }

    static EpisodeTracker.Step reach(EpisodeTracker.Open o, int min, boolean answered, int since) {
        return EpisodeTracker.observe(
                o,
                T.plusSeconds(60L * min),
                GuestStatus.RUNNING,
                new GuestReach(GuestReach.GUEST_AGENT, answered, T.plusSeconds(60L * since)),
                List.of(),
                null,
                SILENT,
                PROVIDERS);
    }

    @Test
    void aRunningGuestWhoseAgentStoppedAnsweringIsUnreachableFromTheFirstMiss() {
        EpisodeTracker.Open up = reach(null, 0, true, 0).open();
        assertThat(reach(up, 1, true, 0).closed()).as("an answer is up").isEmpty();
        // The agent confirms at minute 4 a run of misses that began at minute 2.
        EpisodeTracker.Step down = reach(reach(up, 1, true, 0).open(), 4, false, 2);
        assertThat(down.closed())
                .singleElement()
                .satisfies(e -> assertThat(e.span()).isEqualTo(new Span(T, T.plusSeconds(120))));
        assertThat(down.open().condition()).isEqualTo(GuestCondition.UNREACHABLE);
        assertThat(down.open().start()).isEqualTo(T.plusSeconds(120));
        assertThat(down.open().evidence()).contains("QEMU guest agent").contains("T10:02:00Z");
        assertThat(reach(down.open(), 5, false, 2).closed()).as("the same run").isEmpty();
        EpisodeTracker.Step back = reach(down.open(), 7, true, 6);
        assertThat(back.closed().get(0).condition()).isEqualTo(GuestCondition.UNREACHABLE);
        assertThat(back.closed().get(0).span())
                .as("the return counts from the report that shows it")
                .isEqualTo(new Span(T.plusSeconds(120), T.plusSeconds(420)));
        assertThat(back.open().condition()).isEqualTo(GuestCondition.UP);
    }

    @Test
    void aMissDatedBeforeTheEpisodeStartsWithTheEpisodeAndAGuestNotProbedIsUp() {
        EpisodeTracker.Open up = reach(null, 10, true, 0).open();
        assertThat(reach(up, 12, false, 5).open().start()).isEqualTo(T.plusSeconds(600));
        assertThat(at(up, 12, GuestStatus.RUNNING, List.of()).closed()).isEmpty();
        assertThat(OutageCause.of(GuestCondition.UNREACHABLE)).isEqualTo(OutageCause.UNREACHABLE);
        assertThat(SlaPolicies.all().values())
                .as("every contract counts it (docs/decisions.md)")
                .allSatisfy(p -> assertThat(p.counted()).contains(OutageCause.UNREACHABLE));
    }
}
