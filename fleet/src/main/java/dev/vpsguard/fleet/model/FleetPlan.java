package dev.vpsguard.fleet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated fleet, drawn from a seed: for each host its guests, their profiles and each spam
 * bot's storm start. The same seed gives the same fleet, so a run's ground truth can be replayed.
 *
 * <p>The mix, per guest: 70 % quiet, 20 % web servers, 6 % mail senders, 2 % miners, 2 % spam bots
 * (about one bot a host). Storms start between cycle 2 (the server has seen the bot quiet first)
 * and the last cycle at which the crossing report still falls inside the run.
 *
 * @param seed the seed everything is drawn from
 * @param cycles how many report cycles the run makes
 * @param hosts the hosts, each a list of guests
 */
public record FleetPlan(long seed, long cycles, List<List<GuestPlan>> hosts) {
    /** The first vmid on every host. */
    public static final int FIRST_VMID = 100;

    /**
     * Draws a fleet.
     *
     * @param threshold the server's spam threshold, so every storm crosses inside the run
     */
    public static FleetPlan draw(
            long seed, int hosts, int guestsPerHost, long cycles, SpamThreshold threshold) {
        if (hosts < 1 || guestsPerHost < 1 || guestsPerHost > 5000) {
            throw new IllegalArgumentException(
                    "hosts must be at least 1 and guests per host 1 to 5000");
        }
        long lastStart = cycles - threshold.consecutiveWindows();
        List<List<GuestPlan>> all = new ArrayList<>(hosts);
        SplittableRandom root = new SplittableRandom(seed);
        for (int h = 0; h < hosts; h++) {
            SplittableRandom r = root.split();
            List<GuestPlan> guests = new ArrayList<>(guestsPerHost);
            for (int g = 0; g < guestsPerHost; g++) {
                int roll = r.nextInt(100);
                GuestProfile p =
                        roll < 70
                                ? GuestProfile.QUIET
                                : roll < 90
                                        ? GuestProfile.WEB
                                        : roll < 96
                                                ? GuestProfile.MAIL_SENDER
                                                : roll < 98
                                                        ? GuestProfile.MINER
                                                        : GuestProfile.SPAM_BOT;
                int storm = -1;
                if (p == GuestProfile.SPAM_BOT) {
                    if (lastStart < 2) {
                        p = GuestProfile.QUIET; // too short a run for a storm to cross
                    } else {
                        storm = 2 + (int) r.nextLong(lastStart - 1);
                    }
                }
                int cores = 1 << r.nextInt(4); // 1, 2, 4 or 8
                long memory = (1L << 30) * (1 + r.nextInt(16));
                guests.add(new GuestPlan(FIRST_VMID + g, p, cores, memory, storm));
            }
            all.add(List.copyOf(guests));
        }
        return new FleetPlan(seed, cycles, List.copyOf(all));
    }

    /** How many guests of {@code profile} the fleet holds. */
    public long count(GuestProfile profile) {
        return hosts.stream().flatMap(List::stream).filter(g -> g.profile() == profile).count();
    }
}
