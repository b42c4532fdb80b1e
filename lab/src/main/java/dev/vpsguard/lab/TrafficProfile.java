package dev.vpsguard.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A kind of guest traffic with its ground truth: the plan of connections, how they are made, and
 * what port 25 should see. Build one with the factories, run it with {@link ProfileRunner}.
 *
 * @param name for messages
 * @param client which real client makes the connections
 * @param plan the exact connections, in order
 * @param mode the generator's mode ({@code connect}, {@code quit}, {@code rcpt}, {@code postfix});
 *     unused by swaks
 * @param ratePerSecond new connections per second, 0 for as fast as {@code concurrency} allows
 * @param concurrency connections in flight at most
 * @param groundTruth what port 25 should see
 */
public record TrafficProfile(
        String name,
        Client client,
        TrafficPlan plan,
        String mode,
        int ratePerSecond,
        int concurrency,
        GroundTruth groundTruth) {

    /** The program that makes the connections. */
    public enum Client {
        /** {@link LabTrafficGenerator}, for the high-rate profiles. */
        GENERATOR,
        /** Debian's {@code swaks}, one full message per connection. */
        SWAKS
    }

    /**
     * A spam bot: {@code connections} RCPT probes to random MX addresses (seeded, so the same plan
     * each run), a share of them refused and a share unreplied (in proportion to the lab's MX
     * layout: 5 of 40 each by default), at {@code ratePerSecond}.
     */
    public static TrafficProfile spamBot(LabMx mx, int connections, int ratePerSecond, long seed) {
        Random r = new Random(seed);
        List<String> all = mx.all();
        List<TrafficPlan.Step> steps = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            steps.add(new TrafficPlan.Connect(all.get(r.nextInt(all.size())), 25));
        }
        return generator("spam bot", new TrafficPlan(steps), "rcpt", ratePerSecond, 32, mx);
    }

    /** A spam bot at test scale: 200 connections at 50/s (about 4 s; a real bot's full speed). */
    public static TrafficProfile spamBot(LabMx mx) {
        return spamBot(mx, 200, 50, 25L);
    }

    /**
     * A legitimate small mail server: three messages, delivered in full by swaks, to two addresses.
     */
    public static TrafficProfile legitimateMailServer(LabMx mx) {
        String a = mx.accepting().get(0);
        String b = mx.accepting().get(1);
        TrafficPlan plan =
                new TrafficPlan(
                        List.of(
                                new TrafficPlan.Connect(a, 25),
                                new TrafficPlan.Connect(b, 25),
                                new TrafficPlan.Connect(a, 25)));
        return new TrafficProfile(
                "legitimate mail server", Client.SWAKS, plan, "", 0, 1, GroundTruth.of(plan, mx));
    }

    /**
     * A newsletter sender: {@code bursts} bursts, each one connection to every accepting MX
     * address, {@code pauseMillis} apart. Everything is accepted, and every session ends as Postfix
     * ends it: QUIT, then close without waiting for the 221 (conntrack {@code CLOSE [ASSURED]}, no
     * failure).
     */
    public static TrafficProfile newsletter(LabMx mx, int bursts, long pauseMillis) {
        List<TrafficPlan.Step> steps = new ArrayList<>();
        for (int b = 0; b < bursts; b++) {
            if (b > 0) {
                steps.add(new TrafficPlan.Pause(pauseMillis));
            }
            for (String a : mx.accepting()) {
                steps.add(new TrafficPlan.Connect(a, 25));
            }
        }
        return generator("newsletter", new TrafficPlan(steps), "postfix", 0, 16, mx);
    }

    /** A newsletter at test scale: 3 bursts, 500 ms apart. */
    public static TrafficProfile newsletter(LabMx mx) {
        return newsletter(mx, 3, 500);
    }

    /** No SMTP at all: 20 web connections to the router's port 80, nothing on port 25. */
    public static TrafficProfile noSmtp(LabMx mx) {
        List<TrafficPlan.Step> steps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            steps.add(new TrafficPlan.Connect(Lab.ROUTER_ADDRESS, LabSink.WEB_PORT));
        }
        return generator("no SMTP", new TrafficPlan(steps), "connect", 0, 4, mx);
    }

    private static TrafficProfile generator(
            String name, TrafficPlan plan, String mode, int rate, int concurrency, LabMx mx) {
        return new TrafficProfile(
                name, Client.GENERATOR, plan, mode, rate, concurrency, GroundTruth.of(plan, mx));
    }
}
