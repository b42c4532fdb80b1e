package dev.vpsguard.server.bench;

import dev.vpsguard.protocol.RecentDistinct;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.server.detect.SpamDetector;
import dev.vpsguard.server.detect.SpamFinding;
import dev.vpsguard.server.detect.SpamGuestState;
import dev.vpsguard.server.ladder.Actor;
import dev.vpsguard.server.ladder.Channel;
import dev.vpsguard.server.ladder.LadderDecision;
import dev.vpsguard.server.ladder.LadderEvent;
import dev.vpsguard.server.ladder.LadderStep;
import dev.vpsguard.server.ladder.Role;
import dev.vpsguard.server.ladder.SmtpLadderState;
import dev.vpsguard.server.ladder.StrikeLadder;
import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.LadderPolicy;
import dev.vpsguard.server.policy.PolicyLoader;
import dev.vpsguard.server.policy.SpamPolicy;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Spam detection plus the SMTP ladder for one guest-window, as ingest runs them per guest and
 * report ({@link SpamDetector#observe} then {@link StrikeLadder#apply} with the finding or a tick),
 * on one thread. The target is 1,000,000 guest-windows/s on one core. Run it by hand, never from
 * {@code mvn test}:
 *
 * <pre>
 * mvn -B -o -q -pl server -am test-compile
 * mvn -B -o -q -pl server dependency:build-classpath -Dmdep.outputFile=/tmp/server-cp.txt -Dmdep.includeScope=test
 * java -cp server/target/test-classes:server/target/classes:protocol/target/classes:$(cat /tmp/server-cp.txt) \
 *     org.openjdk.jmh.Main DetectionBenchmark -f 3 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 *
 * <p>({@code protocol/target/classes} first: the classpath Maven lists for the server alone names
 * the protocol jar of the local repository, which may be older than the tree.)
 *
 * <ul>
 *   <li>{@code hostCycle}: one report cycle (5 s windows) of {@value #GUESTS} guests: 90 % without
 *       port-25 traffic (all-zero windows, as the agent sends them), 8 % small mail servers (a few
 *       mails a minute to a few providers), 2 % spam bots that storm for 3 minutes of every 30 (a
 *       finding, a block, findings during it; the customer asks for an unblock, which is granted
 *       after the hour, and the detector is reset on the lift as the server does).
 *   <li>{@code stormingGuest}: the worst case, one guest whose every window fires every rule,
 *       blocked from its second window on (findings during the block).
 * </ul>
 *
 * <p>Windows are built in the benchmark (the server gets them from JSON) and carry the agent's
 * 10-minute union. State is reset at every iteration, so that the ladders' block lists do not grow
 * with the benchmark's length.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DetectionBenchmark {
    static final int GUESTS = 1000;
    static final long STEP_MS = 5_000;
    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    /** Windows per 30 minutes: a bot's episode period. */
    static final int EPISODE = 360;

    private static final Actor CUSTOMER = new Actor("tenant", Role.CUSTOMER);

    private SpamPolicy spam;
    private LadderPolicy ladder;
    private byte[] kind;
    private int[] phase;
    private SpamGuestState[] detectors;
    private SmtpLadderState[] ladders;
    private long cycle;
    private SpamGuestState stormDetector;
    private SmtpLadderState stormLadder;
    private long stormCycle;

    @Setup(Level.Trial)
    public void setUp() {
        ContractPolicy policy = PolicyLoader.loadBundled().forTenant(null);
        spam = policy.spam();
        ladder = policy.ladder();
        SplittableRandom random = new SplittableRandom(42);
        kind = new byte[GUESTS];
        phase = new int[GUESTS];
        for (int g = 0; g < GUESTS; g++) {
            int r = random.nextInt(100);
            kind[g] = (byte) (r < 90 ? 0 : r < 98 ? 1 : 2);
            phase[g] = random.nextInt(EPISODE);
        }
    }

    @Setup(Level.Iteration)
    public void freshState() {
        detectors = new SpamGuestState[GUESTS];
        ladders = new SmtpLadderState[GUESTS];
        for (int g = 0; g < GUESTS; g++) {
            detectors[g] = new SpamGuestState();
            ladders[g] = SmtpLadderState.empty("host/" + (100 + g));
        }
        stormDetector = new SpamGuestState();
        stormLadder = SmtpLadderState.empty("host/storm");
    }

    @Benchmark
    @OperationsPerInvocation(GUESTS)
    public void hostCycle(Blackhole sink) {
        long c = cycle++;
        long endMs = T0 + (c + 1) * STEP_MS;
        Instant start = Instant.ofEpochMilli(endMs - STEP_MS);
        Instant end = Instant.ofEpochMilli(endMs);
        Instant since = Instant.ofEpochMilli(Math.max(T0, endMs - 600_000));
        for (int g = 0; g < GUESTS; g++) {
            SmtpWindow w = window(g, c, start, end, since);
            Optional<SpamFinding> f = SpamDetector.observe(detectors[g], w, spam, 1);
            LadderEvent e;
            if (f.isPresent()) {
                e = new LadderEvent.SpamDetected(end, f.get());
            } else if (kind[g] == 2
                    && (c + phase[g]) % EPISODE == 60
                    && ladders[g].activeBlock().isPresent()) {
                e = new LadderEvent.UnblockRequested(end, CUSTOMER, Channel.API, "cleaned");
            } else {
                e = new LadderEvent.Tick(end);
            }
            LadderStep step = StrikeLadder.apply(ladders[g], e, ladder);
            ladders[g] = step.state();
            if (!step.decisions().isEmpty()
                    && step.decisions().stream()
                            .anyMatch(d -> d instanceof LadderDecision.LiftSmtpBlock)) {
                detectors[g] = new SpamGuestState();
            }
            sink.consume(step);
        }
    }

    @Benchmark
    public LadderStep stormingGuest() {
        long c = stormCycle++;
        long endMs = T0 + (c + 1) * STEP_MS;
        Instant end = Instant.ofEpochMilli(endMs);
        SmtpWindow w =
                new SmtpWindow(
                        Instant.ofEpochMilli(endMs - STEP_MS),
                        end,
                        400,
                        300,
                        200,
                        150,
                        100,
                        150,
                        null,
                        new RecentDistinct(
                                Instant.ofEpochMilli(Math.max(T0, endMs - 600_000)),
                                Math.min(65_536, 300 * (c + 1)),
                                Math.min(65_536, 200 * (c + 1))));
        Optional<SpamFinding> f = SpamDetector.observe(stormDetector, w, spam, 1);
        LadderEvent e =
                f.<LadderEvent>map(x -> new LadderEvent.SpamDetected(end, x))
                        .orElseGet(() -> new LadderEvent.Tick(end));
        LadderStep step = StrikeLadder.apply(stormLadder, e, ladder);
        stormLadder = step.state();
        return step;
    }

    /** Guest g's window of cycle c. */
    private SmtpWindow window(int g, long c, Instant start, Instant end, Instant since) {
        switch (kind[g]) {
            case 1 -> {
                // a small mail server: a mail every 10-30 s to one of 3 providers
                long k = (c + phase[g]) % 6;
                long conns = k == 0 ? 1 : k == 3 ? 2 : 0;
                return new SmtpWindow(
                        start,
                        end,
                        conns,
                        Math.min(conns, 1),
                        Math.min(conns, 1),
                        0,
                        0,
                        conns,
                        null,
                        new RecentDistinct(since, 3, 3));
            }
            case 2 -> {
                long t = (c + phase[g]) % EPISODE;
                if (t < 36) {
                    // 3 minutes at 40 connections per 5 s to new addresses, 60 % failing
                    long spread = Math.min(65_536, 30 * (t + 1));
                    return new SmtpWindow(
                            start,
                            end,
                            40,
                            30,
                            25,
                            14,
                            10,
                            16,
                            null,
                            new RecentDistinct(since, spread, Math.min(spread, 25 * (t + 1))));
                }
                return new SmtpWindow(start, end, 0, 0, 0, 0, 0, 0, null);
            }
            default -> {
                return new SmtpWindow(start, end, 0, 0, 0, 0, 0, 0, null);
            }
        }
    }
}
