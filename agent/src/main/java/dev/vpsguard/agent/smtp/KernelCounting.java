package dev.vpsguard.agent.smtp;

import dev.vpsguard.agent.enforce.CommandRunner;
import dev.vpsguard.agent.smtp.CountingListing.Flow;
import dev.vpsguard.agent.smtp.CountingRules.Generation;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The kernel route's IO around {@link CountingRules} and {@link KernelWindows}: at start it keeps
 * the counting table a previous run left (same layout) or installs both watch tables; at each
 * window close it points the rules at the other generation, reads the quiet one and counts; every
 * second it reads the active generation's per-source totals for the pre-alert. All nft traffic goes
 * through one {@link NftSession}. Thread-safe.
 *
 * <p><b>Across a restart</b> the kernel keeps counting: a new run adopts the active generation, so
 * its first window starts at that generation's start (the previous run's last close) and carries
 * every flow since, none twice. What it cannot know is which attempts were waiting for an answer at
 * the previous run's last close: those that then fail are not counted as failed (at most one answer
 * deadline's worth of attempts).
 */
final class KernelCounting {
    static final String LIST = "list table inet " + CountingRules.TABLE;

    private final WatchTables watch;
    private final NftSession nft;
    private final Duration answerDeadline;
    private final KernelWindows windows;
    private final Consumer<String> log;

    private Generation active;
    private Instant windowStart;

    /** The pre-alert's last reading: the generation it read and the SMTP totals per source. */
    private Generation polledGeneration;

    private Map<InetAddress, Long> polled = new HashMap<>();

    KernelCounting(
            CommandRunner runner,
            NftSession nft,
            Duration answerDeadline,
            int distinctCap,
            Instant now,
            Consumer<String> log) {
        this.watch = new WatchTables(runner);
        this.nft = Objects.requireNonNull(nft, "nft");
        this.answerDeadline = Objects.requireNonNull(answerDeadline, "answerDeadline");
        this.windows = new KernelWindows(distinctCap, now);
        this.log = Objects.requireNonNull(log, "log");
        this.windowStart = now;
    }

    /**
     * Keeps the counting table of a previous run when its layout is this one's, else installs both
     * tables afresh; the bridge table is always replaced.
     *
     * @return null when in place, else the problem
     */
    synchronized String start(Instant now) {
        CountingListing kept = null;
        try {
            kept = CountingListing.parse(nft.run(null, LIST).json());
        } catch (IllegalStateException | IllegalArgumentException e) {
            // no table yet (first start), or not readable: install
        }
        if (kept != null
                && kept.active() != null
                && kept.since() != null
                && CountingRules.layout(answerDeadline).equals(kept.layout())) {
            CommandRunner.CommandResult r = watch.installBridge();
            active = kept.active();
            windowStart = kept.since().isBefore(now) ? kept.since() : now;
            windows.observedSince(windowStart);
            log.accept(
                    "kept the kernel's flow counts since "
                            + windowStart
                            + " (generation "
                            + active.suffix()
                            + ") from the previous run");
            return r.ok() ? null : "cannot install bridge vpsguard_watch: " + r.describe();
        }
        return install(now);
    }

    /** Installs both tables afresh; the window restarts at {@code now}. */
    synchronized String install(Instant now) {
        CommandRunner.CommandResult r = watch.install(answerDeadline, now);
        active = Generation.A;
        windowStart = now;
        windows.baseline(List.of());
        return r.ok()
                ? null
                : "cannot install the nftables tables " + WatchTables.TABLES + ": " + r.describe();
    }

    /**
     * Closes the window at {@code now}: swaps generations, refreshes attribution from the
     * sightings, and counts the quiet generation.
     *
     * @param refresh refreshes the attribution with the bridge sightings, before counting
     * @throws IllegalStateException when nft failed (the tables were removed, or the swap failed);
     *     the caller re-installs
     */
    synchronized SmtpWindows close(
            Instant now, java.util.function.Function<List<PortSource>, SourceAttribution> refresh) {
        Generation next = active.other();
        NftSession.Reply reply;
        try {
            reply = nft.run(CountingRules.swap(next, now), LIST);
        } catch (IllegalStateException e) {
            // The listing failed or timed out (the child is restarted): did the swap commit?
            log.accept("reading the kernel's counts again: " + e.getMessage());
            reply = nft.run(null, LIST);
            if (CountingListing.parse(reply.json()).active() != next) {
                reply = nft.run(CountingRules.swap(next, now), LIST);
            }
        }
        CountingListing listing = CountingListing.parse(reply.json());
        if (listing.active() != next) {
            throw new IllegalStateException(
                    "the counting rules did not move to generation "
                            + next.suffix()
                            + (reply.errors().isEmpty()
                                    ? ""
                                    : ": " + String.join("\n", reply.errors())));
        }
        SourceAttribution who = refresh.apply(WatchTables.portSources(nft));
        SmtpWindows closed =
                windows.close(
                        listing.generations().get(active),
                        listing.pending(),
                        who,
                        windowStart,
                        now);
        active = next;
        windowStart = now;
        return closed;
    }

    /**
     * The new SMTP connections per source since the last poll, from the active generation's totals
     * (a swap since then starts them from zero).
     */
    synchronized Map<InetAddress, Long> pollSmtp() {
        Map<InetAddress, Long> now = new HashMap<>();
        for (String family : List.of("4", "6")) {
            String set = "flows" + family + "_" + active.suffix();
            CountingListing listing =
                    CountingListing.parse(
                            nft.run(null, "list set inet " + CountingRules.TABLE + " " + set)
                                    .json());
            for (Flow f : listing.generations().get(active).flows()) {
                if (f.port() == 25 && "tcp".equals(f.protocol())) {
                    now.merge(f.source(), f.packets(), Long::sum);
                }
            }
        }
        Map<InetAddress, Long> before = active == polledGeneration ? polled : Map.of();
        Map<InetAddress, Long> delta = new HashMap<>();
        now.forEach(
                (source, n) -> {
                    long d = n - before.getOrDefault(source, 0L);
                    if (d > 0) {
                        delta.put(source, d);
                    }
                });
        polledGeneration = active;
        polled = now;
        return delta;
    }
}
