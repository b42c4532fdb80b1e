package dev.vpsguard.server.decision.smtp;

import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.decision.DetectionConfig;
import dev.vpsguard.server.detect.SpamDetector;
import dev.vpsguard.server.detect.SpamFinding;
import dev.vpsguard.server.detect.SpamGuestState;
import dev.vpsguard.server.detect.SpamReplay;
import dev.vpsguard.server.ladder.SmtpBlock;
import dev.vpsguard.server.ladder.SmtpLadderState;
import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.SpamPolicy;
import dev.vpsguard.server.rollup.GuestRollup;
import dev.vpsguard.server.rollup.GuestRollupRepository;
import dev.vpsguard.server.rollup.RollupAccumulator;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spam detector as ingest runs it, with its state kept across restarts and evictions: every
 * window with port-25 activity is stored in the report's transaction ({@code smtp_windows}, kept
 * {@code vpsguard.detection.window-retention}); when a guest's detection state is created, it is
 * rebuilt ({@link SpamReplay}) from those windows and, for the EWMA baseline, from the guest's
 * 5-minute rollups of the last three time constants. Nothing from before the guest's last lifted
 * block is used: that evidence was consumed by the block, so a lift deletes the guest's windows in
 * its transaction, as it resets the in-memory state, and rollups older than the lift are skipped.
 */
@Singleton
public class SpamDetection {
    private static final Logger LOG = LoggerFactory.getLogger(SpamDetection.class);

    private final SmtpWindowRepository windows;
    private final GuestRollupRepository rollups;
    private final LadderService ladders;
    private final Clock clock;
    private final Duration retention;

    SpamDetection(
            SmtpWindowRepository windows,
            GuestRollupRepository rollups,
            LadderService ladders,
            Clock clock,
            DetectionConfig config) {
        this.windows = windows;
        this.rollups = rollups;
        this.ladders = ladders;
        this.clock = clock;
        this.retention = config.windowRetention();
    }

    /**
     * Observes one window of the guest. Must run in the report's transaction. A scheduled lift that
     * is due happens first, so that the windows before it cannot start the next strike.
     */
    public Optional<SpamFinding> observe(
            GuestMemory m, SmtpWindow window, ContractPolicy policy, double multiplier) {
        return observe(m, window, policy, multiplier, SpamHistory.NONE);
    }

    /** {@link #observe}, rebuilding from {@code history} when it covers the guest. */
    public Optional<SpamFinding> observe(
            GuestMemory m,
            SmtpWindow window,
            ContractPolicy policy,
            double multiplier,
            SpamHistory history) {
        ladders.liftIfDue(m, policy.ladder());
        Instant now = clock.instant();
        Optional<SpamFinding> finding;
        synchronized (m) {
            if (!m.spamRebuilt) {
                m.spam =
                        rebuild(
                                m.guestId,
                                m.ladder,
                                window,
                                policy.spam(),
                                multiplier,
                                now,
                                history);
                m.spamRebuilt = true;
            }
            finding = SpamDetector.observe(m.spam, window, policy.spam(), multiplier);
        }
        if (active(window)) {
            windows.save(SmtpWindowRow.of(m.guestId, window, now));
        }
        return finding;
    }

    /**
     * The stored history of those of {@code guests} whose detector is not rebuilt yet, in two
     * queries for them all, instead of two per guest as each is first seen.
     *
     * @param horizon how far back the rollups are read: the longest {@link #horizon} of the guests'
     *     policies
     */
    public SpamHistory history(Collection<GuestMemory> guests, Duration horizon) {
        List<String> ids = new ArrayList<>();
        for (GuestMemory m : guests) {
            synchronized (m) {
                if (!m.spamRebuilt) {
                    ids.add(m.guestId);
                }
            }
        }
        if (ids.isEmpty()) {
            return SpamHistory.NONE;
        }
        Instant now = clock.instant();
        Map<String, List<SmtpWindowRow>> byGuest = new HashMap<>();
        for (SmtpWindowRow r :
                windows.findByGuestIdInAndReceivedAtGreaterThanEquals(ids, now.minus(retention))) {
            byGuest.computeIfAbsent(r.guestId(), k -> new ArrayList<>()).add(r);
        }
        byGuest.values().forEach(l -> l.sort(SpamHistory.RECEIVED));
        Map<String, List<GuestRollup>> buckets = new HashMap<>();
        for (GuestRollup r :
                rollups.findByGuestIdInAndBucketStartGreaterThanEqualsOrderByBucketStart(
                        ids, now.minus(horizon))) {
            buckets.computeIfAbsent(r.guestId(), k -> new ArrayList<>()).add(r);
        }
        return new SpamHistory(java.util.Set.copyOf(ids), byGuest, buckets);
    }

    /** How far back a rebuild reads the rollups for the baseline under {@code policy}. */
    public static Duration horizon(SpamPolicy policy) {
        return policy.anomaly()
                .timeConstant()
                .multipliedBy(SpamPolicy.Anomaly.REBUILT_TIME_CONSTANTS);
    }

    /**
     * The detector state the guest had before {@code next}, from the stored windows and rollups.
     */
    SpamGuestState rebuild(
            String guestId,
            SmtpLadderState ladder,
            SmtpWindow next,
            SpamPolicy policy,
            double multiplier,
            Instant now) {
        return rebuild(guestId, ladder, next, policy, multiplier, now, SpamHistory.NONE);
    }

    private SpamGuestState rebuild(
            String guestId,
            SmtpLadderState ladder,
            SmtpWindow next,
            SpamPolicy policy,
            double multiplier,
            Instant now,
            SpamHistory history) {
        Instant lastLift = null;
        Instant storm = null;
        if (!ladder.blocks().isEmpty()) {
            SmtpBlock last = ladder.blocks().get(ladder.blocks().size() - 1);
            if (last.active()) {
                // The block's storm is in the windows; the baseline must not learn it.
                storm = last.finding().windowStart();
                if (ladder.blocks().size() > 1) {
                    lastLift = ladder.blocks().get(ladder.blocks().size() - 2).liftedAt();
                }
            } else {
                lastLift = last.liftedAt();
            }
        }
        // A lift deletes the guest's windows (LadderService#apply), so all that are left count.
        Instant from = now.minus(retention);
        List<SmtpWindow> recent = new ArrayList<>();
        for (SmtpWindowRow r :
                history.covers(guestId)
                        ? history.windows().getOrDefault(guestId, List.of())
                        : windows.received(guestId, from)) {
            if (!r.receivedAt().isBefore(from)) {
                recent.add(r.window());
            }
        }
        Instant baselineUntil = recent.isEmpty() ? now : recent.get(0).start();
        if (storm != null && storm.isBefore(baselineUntil)) {
            baselineUntil = storm;
        }
        Instant baselineFrom = later(now.minus(horizon(policy)), lastLift);
        List<SpamReplay.Bucket> buckets = new ArrayList<>();
        for (GuestRollup r :
                history.covers(guestId)
                        ? history.rollups().getOrDefault(guestId, List.of())
                        : rollups.findByGuestIdAndBucketStartGreaterThanEqualsOrderByBucketStart(
                                guestId, baselineFrom)) {
            Instant end = r.bucketStart().plus(RollupAccumulator.BUCKET);
            if (!r.bucketStart().isBefore(baselineFrom) && !end.isAfter(baselineUntil)) {
                buckets.add(
                        new SpamReplay.Bucket(
                                r.bucketStart(), end, r.smtpNewConnections(), r.sampleCount()));
            }
        }
        SpamGuestState state = SpamReplay.rebuild(buckets, recent, next, policy, multiplier);
        if (!recent.isEmpty() || !buckets.isEmpty()) {
            LOG.debug(
                    "Guest {}: detection state rebuilt from {} windows and {} rollups",
                    guestId,
                    recent.size(),
                    buckets.size());
        }
        return state;
    }

    /** Deletes the windows that left the retention. */
    @Scheduled(fixedDelay = "1m", initialDelay = "1m")
    public void prune() {
        try {
            windows.deleteByReceivedAtLessThan(clock.instant().minus(retention));
        } catch (RuntimeException e) {
            LOG.warn("Could not prune old SMTP windows: {}", e.toString());
        }
    }

    private static boolean active(SmtpWindow w) {
        return w.newConnections() > 0
                || w.distinctDestinations() > 0
                || w.unreplied() > 0
                || w.resetOrRefused() > 0
                || w.established() > 0;
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }
}
