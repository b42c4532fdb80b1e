package dev.vpsguard.server.availability;

import dev.vpsguard.protocol.GuestReach;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.GuestTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Turns one guest's successive observations into state episodes (docs/decisions.md, "Availability
 * and backups"). Pure: the caller keeps the open episode and passes the guest's known power tasks.
 *
 * <ul>
 *   <li>running is {@link GuestCondition#UP}, unless the agent reports that the guest stopped
 *       answering its probe: {@link GuestCondition#UNREACHABLE} from the first unanswered probe;
 *       {@code unknown} is {@link GuestCondition#HOST_SILENT} (nobody can show it was available);
 *   <li>stopped is the customer's stop when the latest power task before it is a stop or shutdown
 *       run by a customer user, the provider's otherwise, including a stop with no task at all (a
 *       crash, the host's OOM killer, or a shutdown from inside the guest: the provider cannot show
 *       the customer did it);
 *   <li>a gap longer than {@code silentAfter} between two reports is the host's silence, or the
 *       host down up to its boot when it booted inside the gap; a customer's stop that goes on
 *       across the gap, under the same task, stays the customer's.
 * </ul>
 */
public final class EpisodeTracker {
    static final Set<String> STOPS = Set.of("qmstop", "qmshutdown", "vzstop", "vzshutdown");

    private EpisodeTracker() {}

    /** The episode in progress: its start, the last observation that extended it, its evidence. */
    public record Open(
            GuestCondition condition, Instant start, Instant lastSeen, String evidence) {}

    /** What one observation does: the episodes it closes (in order) and the episode now open. */
    public record Step(List<StateEpisode> closed, Open open) {}

    /**
     * @param current the open episode, or null for a guest seen for the first time
     * @param at the report's time
     * @param tasks the guest's power tasks known so far (any order)
     * @param hostBootedAt the host's boot time as the report says, or null
     */
    public static Step observe(
            Open current,
            Instant at,
            GuestStatus status,
            List<GuestTask> tasks,
            Instant hostBootedAt,
            Duration silentAfter,
            ProviderUsers providers) {
        return observe(current, at, status, null, tasks, hostBootedAt, silentAfter, providers);
    }

    /** As above, with the guest's reachability as the agent reported it (null: not probed). */
    public static Step observe(
            Open current,
            Instant at,
            GuestStatus status,
            GuestReach reach,
            List<GuestTask> tasks,
            Instant hostBootedAt,
            Duration silentAfter,
            ProviderUsers providers) {
        Classified now = classify(at, status, reach, tasks, providers);
        if (current == null) {
            return new Step(List.of(), new Open(now.condition, at, at, now.evidence));
        }
        if (at.isBefore(current.lastSeen())) {
            return new Step(List.of(), current); // an older report replayed late: nothing new
        }
        List<StateEpisode> closed = new ArrayList<>();
        boolean gap = Duration.between(current.lastSeen(), at).compareTo(silentAfter) > 0;
        if (gap) {
            boolean sameStop =
                    current.condition() == GuestCondition.CUSTOMER_STOPPED
                            && now.condition == GuestCondition.CUSTOMER_STOPPED
                            && current.evidence().equals(now.evidence);
            if (sameStop) {
                return new Step(List.of(), extend(current, at));
            }
            closed.add(episode(current, current.lastSeen()));
            Instant from = current.lastSeen();
            if (hostBootedAt != null && hostBootedAt.isAfter(from) && hostBootedAt.isBefore(at)) {
                closed.add(
                        new StateEpisode(
                                new Span(from, hostBootedAt),
                                GuestCondition.HOST_DOWN,
                                "host booted at " + hostBootedAt + "; no report since " + from));
                from = hostBootedAt;
            }
            closed.add(
                    new StateEpisode(
                            new Span(from, at),
                            GuestCondition.HOST_SILENT,
                            "no report from the host between "
                                    + current.lastSeen()
                                    + " and "
                                    + at));
            return new Step(closed, new Open(now.condition, at, at, now.evidence));
        }
        if (now.condition == current.condition() && now.evidence.equals(current.evidence())) {
            return new Step(List.of(), extend(current, at));
        }
        // The change happened between the last observation and this one. A return to service
        // counts from the report that shows it; an outage from the end of the task that explains
        // it, else from the last report that showed the guest otherwise (the provider cannot show
        // the guest was up in between).
        Instant change;
        if (now.condition == GuestCondition.UP) {
            change = at;
        } else if (now.since != null) {
            // Unanswered probes are dated by the agent: the first miss, never before this episode.
            change = now.since.isBefore(current.start()) ? current.start() : now.since;
            change = change.isAfter(at) ? at : change;
        } else if (now.task != null && within(taskTime(now.task), current.lastSeen(), at)) {
            change = taskTime(now.task);
        } else {
            change = current.lastSeen();
        }
        closed.add(episode(current, change));
        return new Step(closed, new Open(now.condition, change, at, now.evidence));
    }

    /** The open episode as a closed one up to {@code end}. */
    public static StateEpisode episode(Open open, Instant end) {
        Instant e = end.isBefore(open.start()) ? open.start() : end;
        return new StateEpisode(new Span(open.start(), e), open.condition(), open.evidence());
    }

    private static Open extend(Open o, Instant at) {
        return new Open(o.condition(), o.start(), at, o.evidence());
    }

    private record Classified(
            GuestCondition condition, String evidence, GuestTask task, Instant since) {
        Classified(GuestCondition condition, String evidence, GuestTask task) {
            this(condition, evidence, task, null);
        }
    }

    private static Classified classify(
            Instant at,
            GuestStatus status,
            GuestReach reach,
            List<GuestTask> tasks,
            ProviderUsers providers) {
        if (status == GuestStatus.RUNNING) {
            if (reach != null && !reach.answered()) {
                return new Classified(
                        GuestCondition.UNREACHABLE,
                        "running, but its QEMU guest agent has not answered the host's ping since "
                                + reach.since(),
                        null,
                        reach.since());
            }
            return new Classified(GuestCondition.UP, "running", null);
        }
        if (status == GuestStatus.UNKNOWN) {
            return new Classified(
                    GuestCondition.HOST_SILENT,
                    "the agent could not read the guest's status",
                    null);
        }
        GuestTask last =
                tasks.stream()
                        .filter(t -> !t.startedAt().isAfter(at) && succeeded(t))
                        .max(Comparator.comparing(GuestTask::startedAt))
                        .orElse(null);
        if (last == null || !STOPS.contains(last.type())) {
            return new Classified(
                    GuestCondition.PROVIDER_STOPPED,
                    last == null
                            ? "stopped; no stop task in the host's task log"
                            : "stopped; the last power task was " + describe(last),
                    null);
        }
        boolean provider = providers.isProvider(last.user());
        return new Classified(
                provider ? GuestCondition.PROVIDER_STOPPED : GuestCondition.CUSTOMER_STOPPED,
                describe(last),
                last);
    }

    private static boolean succeeded(GuestTask t) {
        // A task still running counts (the stop is under way); a failed one changed nothing.
        return t.status() == null || t.status().equals("OK") || t.status().startsWith("WARNINGS");
    }

    private static String describe(GuestTask t) {
        return t.type() + " by " + t.user() + " at " + t.startedAt() + " (" + t.upid() + ")";
    }

    private static Instant taskTime(GuestTask t) {
        return t.endedAt() != null ? t.endedAt() : t.startedAt();
    }

    private static boolean within(Instant t, Instant after, Instant upTo) {
        return t.isAfter(after) && !t.isAfter(upTo);
    }
}
