package dev.vpsguard.fleet.model;

import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.protocol.FilesystemSample;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.NicSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.RecentDistinct;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.SmtpWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the report a simulated host sends for one cycle: the only place the simulator makes
 * reports, so a new protocol version (e.g. delta reports) changes this class alone. Pure: the plan,
 * the cycle and the window's times in, a report out; the figures are drawn from a random generator
 * seeded by (fleet seed, host, cycle), so a cycle's report is the same in every run.
 */
public final class ReportFactory {
    private static final long GIB = 1L << 30;
    private static final int HOST_CORES = 64;

    private final FleetPlan plan;
    private final SpamThreshold threshold;

    public ReportFactory(FleetPlan plan, SpamThreshold threshold) {
        this.plan = plan;
        this.threshold = threshold;
    }

    /**
     * @param host the host's index in the plan
     * @param hostId the id the server gave it at enrolment
     * @param agentInstance the simulated agent's instance id
     * @param seq the report's seq
     * @param cycle the cycle (from 0), which decides storms
     * @param start the window's start (the previous report's end)
     * @param end the window's end, also the report's sentAt
     * @param applied the desired state the simulated agent applied last (nullable: none yet)
     */
    public Report build(
            int host,
            String hostId,
            String agentInstance,
            long seq,
            long cycle,
            Instant start,
            Instant end,
            DesiredState applied) {
        SplittableRandom r = new SplittableRandom(mix(plan.seed(), host, cycle));
        List<GuestPlan> guests = plan.hosts().get(host);
        List<GuestSample> samples = new ArrayList<>(guests.size());
        double cpu = 0;
        long memory = 0;
        for (GuestPlan g : guests) {
            GuestSample s = guest(r, host, g, cycle, start, end);
            cpu += s.usage().cpuCores();
            memory += s.usage().memoryUsedBytes();
            samples.add(s);
        }
        double seconds = Math.max(1, Duration.between(start, end).toMillis() / 1000.0);
        long counter = (long) (cycle * seconds * 50e6);
        HostSample hostSample =
                new HostSample(
                        Math.min(100, 100 * cpu / HOST_CORES),
                        HOST_CORES,
                        cpu,
                        cpu,
                        cpu,
                        512 * GIB,
                        Math.min(512 * GIB, memory + 8 * GIB),
                        8 * GIB,
                        0L,
                        List.of(
                                new FilesystemSample("/", "ext4", 100 * GIB, 20 * GIB),
                                new FilesystemSample(
                                        "/var/lib/vz", "ext4", 4000 * GIB, 1500 * GIB)),
                        List.of(
                                new NicSample(
                                        "eno1",
                                        counter,
                                        counter * 3,
                                        counter / 900,
                                        counter / 300,
                                        50e6,
                                        150e6),
                                new NicSample(
                                        "vmbr0",
                                        counter,
                                        counter * 3,
                                        counter / 900,
                                        counter / 300,
                                        50e6,
                                        150e6)));
        return new Report(
                ProtocolJson.VERSION,
                hostId,
                seq,
                end,
                hostSample,
                samples,
                null,
                ack(applied, end),
                agentInstance);
    }

    private GuestSample guest(
            SplittableRandom r, int host, GuestPlan g, long cycle, Instant start, Instant end) {
        double cpu;
        double tx;
        SmtpWindow smtp;
        switch (g.profile()) {
            case WEB -> {
                cpu = g.cores() * (0.2 + 0.4 * r.nextDouble());
                tx = 1e6 + 4e6 * r.nextDouble();
                smtp = r.nextInt(20) == 0 ? window(start, end, 1, 0, 1, 8) : zero(start, end);
            }
            case MAIL_SENDER -> {
                cpu = g.cores() * (0.05 + 0.1 * r.nextDouble());
                tx = 2e5 + 2e5 * r.nextDouble();
                // Below the burst rule's per-minute volume, next to no failures, a few dozen
                // destinations over 10 minutes: a small provider's outgoing mail.
                long perWindow =
                        Math.max(
                                1,
                                (long)
                                        (threshold.burstPerMinute()
                                                * seconds(start, end)
                                                / 60
                                                * 0.6));
                smtp = window(start, end, perWindow - r.nextInt(2), 0, perWindow, 40);
            }
            case MINER -> {
                cpu = g.cores() * (0.96 + 0.03 * r.nextDouble());
                tx = 2e4;
                smtp = zero(start, end);
            }
            case SPAM_BOT -> {
                cpu = g.cores() * 0.05;
                tx = 1e4;
                smtp =
                        g.storming(cycle)
                                ? storm(start, end, cycle - g.stormStart() + 1)
                                : zero(start, end);
            }
            default -> {
                cpu = g.cores() * 0.02 * r.nextDouble();
                tx = 5e3 * r.nextDouble();
                smtp = zero(start, end);
            }
        }
        long memUsed = (long) (g.memoryBytes() * (0.3 + 0.4 * r.nextDouble()));
        GuestUsage usage =
                new GuestUsage(
                        cpu,
                        memUsed,
                        g.memoryBytes(),
                        2e5 * r.nextDouble(),
                        1e6 * r.nextDouble(),
                        20 * r.nextDouble(),
                        80 * r.nextDouble(),
                        tx,
                        tx / 10,
                        tx / 1000,
                        tx / 5000);
        boolean qemu = (g.vmid() & 1) == 0;
        GuestNic nic =
                new GuestNic(
                        "net0",
                        qemu ? "tap" + g.vmid() + "i0" : "veth" + g.vmid() + "i0",
                        String.format(
                                "bc:24:11:%02x:%02x:%02x",
                                (host >> 8) & 0xff, host & 0xff, g.vmid() & 0xff),
                        "vmbr0",
                        true,
                        List.of(
                                "10."
                                        + (host >> 8 & 0xff)
                                        + "."
                                        + (host & 0xff)
                                        + "."
                                        + (g.vmid() & 0xff)));
        return new GuestSample(
                g.vmid(),
                qemu ? GuestKind.QEMU : GuestKind.LXC,
                "guest-" + g.vmid(),
                GuestStatus.RUNNING,
                g.cores(),
                g.memoryBytes(),
                List.of(nic),
                usage,
                smtp);
    }

    /**
     * A storm window: well past the failure-ratio rule (three times its ratio, twice its minimum
     * volume in one window), so the blocking evidence holds from the first storm window on and the
     * block comes with the {@code consecutiveWindows}-th.
     */
    private SmtpWindow storm(Instant start, Instant end, long stormWindow) {
        long conns =
                Math.max(
                        48,
                        2
                                * Math.max(
                                        threshold.failureMinConnections(),
                                        threshold.minNewConnections()));
        long failed =
                Math.min(
                        conns,
                        (long) Math.ceil(conns * Math.min(0.95, 3 * threshold.maxFailureRatio())));
        long unreplied = failed * 5 / 6;
        long refused = failed - unreplied;
        long dest = conns - 3;
        long prefixes = dest - 5;
        long windows = Math.min(stormWindow, 600 / Math.max(1, seconds(start, end)));
        return new SmtpWindow(
                start,
                end,
                conns,
                dest,
                prefixes,
                unreplied,
                refused,
                conns - failed,
                conns * 900L,
                new RecentDistinct(end.minusSeconds(600), dest * windows, prefixes * windows));
    }

    private static SmtpWindow window(
            Instant start, Instant end, long conns, long failed, long dest, long recentDest) {
        long d = Math.min(dest, conns);
        return new SmtpWindow(
                start,
                end,
                conns,
                d,
                d,
                failed,
                0,
                conns - failed,
                conns * 4000L,
                new RecentDistinct(
                        end.minusSeconds(600),
                        Math.max(d, recentDest),
                        Math.max(d, recentDest * 3 / 4)));
    }

    private static SmtpWindow zero(Instant start, Instant end) {
        return new SmtpWindow(
                start, end, 0, 0, 0, 0, 0, 0, 0L, new RecentDistinct(end.minusSeconds(600), 0, 0));
    }

    private static long seconds(Instant start, Instant end) {
        return Math.max(1, Duration.between(start, end).toSeconds());
    }

    /** What an agent that applied {@code state} acknowledges: every action applied. */
    private static EnforcementAck ack(DesiredState state, Instant at) {
        if (state == null) {
            return null;
        }
        List<ActionResult> results = new ArrayList<>(state.actions().size());
        for (DesiredAction a : state.actions()) {
            results.add(new ActionResult(a.id(), ActionStatus.APPLIED, null, at));
        }
        return new EnforcementAck(state.version(), results);
    }

    private static long mix(long seed, int host, long cycle) {
        long h = seed * 0x9E3779B97F4A7C15L + host;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + cycle;
        return h ^ (h >>> 29);
    }
}
