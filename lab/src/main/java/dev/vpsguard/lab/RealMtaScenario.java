package dev.vpsguard.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real-MTA lab: every {@link RealMtaProfile} in its own guest, Postfix and Exim from Debian
 * delivering to sinks that answer like real MX hosts (accept, greylist with {@code 450}, reject
 * unknown users with {@code 550}, answer slowly, answer nothing, refuse, drop). Each sender is an
 * application in its guest: a shell script handing messages to the guest's MTA with its {@code
 * sendmail} command at the profile's pace, or the bot program speaking SMTP itself.
 *
 * <p>Used by the recorder of the agent's window series ({@code RealMtaSeriesRecorderTest}) and the
 * end-to-end test with the real server ({@code RealMtaLabTest} in e2e). When each sender first met
 * the block's {@code 554 5.7.1} (or its throttled {@code 421 4.7.1}) is read from the MTA's own log
 * ("refused to talk to me: 554 ...") or the bot's result file.
 */
public final class RealMtaScenario {
    private static final String NOTICE = "(554 5\\.7\\.1|421 4\\.7\\.1)";

    private final Lab lab;
    private final Map<String, LabMta> mtas = new TreeMap<>();
    private final Map<String, LabProcess> apps = new TreeMap<>();
    private final Map<String, ProfileRunner.Started> bots = new TreeMap<>();
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> noticeAt = new ConcurrentHashMap<>();

    /** Starts the MTA of every profile that has one (not the bots' programs). */
    public RealMtaScenario(Lab lab) {
        this.lab = lab;
        for (RealMtaProfile p : RealMtaProfile.ALL) {
            LabGuest g = lab.guest(p.vmid());
            switch (p.sender()) {
                case POSTFIX -> mtas.put(p.name(), LabPostfix.start(lab, g, null));
                case POSTFIX_SMARTHOST ->
                        mtas.put(p.name(), LabPostfix.start(lab, g, smarthost(lab)));
                case EXIM -> mtas.put(p.name(), LabExim.start(lab, g));
                case BOT_PROGRAM -> {}
            }
        }
    }

    /** Why the real-MTA lab cannot run here (besides the lab itself), or empty. */
    public static Optional<String> missing() {
        return LabPostfix.missing().or(LabExim::missing);
    }

    /** A lab with one guest per profile and 30 accepting, 5 refusing, 5 dropping MX. */
    public static Lab.Builder labBuilder() {
        Lab.Builder b = Lab.builder().mx(30, 5, 5);
        for (RealMtaProfile p : RealMtaProfile.ALL) {
            if (p.ipv6Only()) {
                if (p.inSubnet()) {
                    b.guestV6OnlyInSubnet(p.vmid());
                } else {
                    b.guestV6OnlyOutOfSubnet(p.vmid());
                }
            } else if (p.inSubnet()) {
                b.guestInSubnet(p.vmid());
            } else {
                b.guestOutOfSubnet(p.vmid());
            }
        }
        return b;
    }

    /**
     * The lab's internet: of the 30 accepting MX, 20 accept (#0-19, #28, #29), 4 greylist (#20-23),
     * 3 answer slowly (#24-26), 1 never answers (#27); every one rejects unknown users.
     */
    public static LabSink startSink(Lab lab) {
        List<String> acc = lab.mx().accepting();
        lab.nft(lab.inet(), LabMailDomains.wideInternetNft(acc.get(28)));
        return LabSink.startLikeRealMx(
                lab, acc.subList(20, 24), acc.subList(24, 27), acc.subList(27, 28));
    }

    /** The provider's smarthost: an accepting MX. */
    static String smarthost(Lab lab) {
        return lab.mx().accepting().get(29);
    }

    public LabMta mta(String profile) {
        return mtas.get(profile);
    }

    /** Starts every sender at once. */
    public void launch() {
        LabMx mx = lab.mx();
        List<String> acc = mx.accepting();
        List<String> usual = acc.subList(0, 27); // plain, greylisting and slow MX
        Random r = new Random(12);
        for (RealMtaProfile p : RealMtaProfile.ALL) {
            String n = p.name();
            switch (n) {
                case "declared-newsletter", "undeclared-newsletter" -> {
                    int count = n.startsWith("declared") ? 150 : 45;
                    List<String> readers = new ArrayList<>(usual);
                    readers.addAll(LabMailDomains.WIDE_LIVE.subList(0, 50));
                    script(
                            n,
                            "news",
                            LabMailDomains.recipients("reader", count, readers),
                            60_000 / count);
                }
                case "web-shop" -> {
                    List<String> shops = new ArrayList<>(acc.subList(0, 5));
                    shops.add(acc.get(20));
                    shops.addAll(LabMailDomains.WIDE_LIVE.subList(50, 60));
                    script(n, "orders", LabMailDomains.recipients("customer", 15, shops), 4_000);
                }
                case "small-office" -> {
                    List<String> partners =
                            List.of(acc.get(5), acc.get(6), acc.get(21), acc.get(24));
                    script(n, "office", LabMailDomains.recipients("partner", 8, partners), 7_500);
                }
                case "mailing-list" -> mailingList(n, mx);
                case "smarthost" ->
                        script(n, "crm", LabMailDomains.recipients("client", 120, acc), 500);
                case "fast-bot" -> bot(n, probes(mx, r, 1_000, 75, 0), 50, 25);
                case "low-and-slow-bot" -> bot(n, probes(mx, r, 40, 40, 1_500), 0, 65);
                case "ipv6-only-bot" -> bot(n, probes6(mx, r, 1_000), 50, 25);
                case "compromised-webapp" -> {
                    List<String> all = LabMailDomains.all(mx);
                    List<String> rcpts = new ArrayList<>();
                    for (int i = 0; i < 600; i++) {
                        String local =
                                (r.nextInt(5) == 0 ? "unknown" : "user") + r.nextInt(100_000);
                        rcpts.add(
                                local
                                        + "@"
                                        + LabMailDomains.domain(all.get(r.nextInt(all.size()))));
                    }
                    script(n, "wordpress", rcpts, 50);
                }
                default -> throw new IllegalStateException("no application for " + n);
            }
        }
    }

    /** The mailing list: two posts, 30 s apart, each one message to all 120 subscribers. */
    private void mailingList(String name, LabMx mx) {
        List<String> domains = new ArrayList<>(mx.accepting().subList(0, 28));
        domains.add(mx.refusing().get(0));
        domains.add(mx.dropping().get(0));
        domains.addAll(LabMailDomains.WIDE_LIVE.subList(60, 100));
        domains.addAll(LabMailDomains.WIDE_DEAD.subList(0, 2));
        List<String> subs = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String local = i % 7 == 3 ? "unknown" + i : "member" + i;
            subs.add(local + "@" + LabMailDomains.domain(domains.get(i % domains.size())));
        }
        LabMta mta = mtas.get(name);
        String from = "list@" + "mail" + mta.guest().vmid() + ".guest.test";
        StringBuilder sh = new StringBuilder("set -u\n");
        for (int post = 1; post <= 2; post++) {
            sh.append(message(mta, from, subs, "[members] post " + post)).append("sleep 30\n");
        }
        spawn(name, mta, sh.toString());
    }

    /**
     * An application handing one message per recipient to the guest's MTA, {@code gapMillis} apart.
     */
    private void script(String name, String user, List<String> rcpts, long gapMillis) {
        LabMta mta = mtas.get(name);
        String from = user + "@mail" + mta.guest().vmid() + ".guest.test";
        StringBuilder sh = new StringBuilder("set -u\n");
        String gap = String.format(java.util.Locale.ROOT, "%.3f", gapMillis / 1000.0);
        for (int i = 0; i < rcpts.size(); i++) {
            sh.append(message(mta, from, List.of(rcpts.get(i)), name + " #" + i));
            sh.append("sleep ").append(gap).append('\n');
        }
        spawn(name, mta, sh.toString());
    }

    private static String message(LabMta mta, String from, List<String> rcpts, String subject) {
        return "printf 'From: <"
                + from
                + ">\\nTo: <"
                + rcpts.get(0)
                + ">\\nSubject: "
                + subject
                + "\\n\\nHello,\\nthis is a lab message.\\n' | "
                + mta.sendmail()
                + " -f "
                + from
                + " "
                + String.join(" ", rcpts)
                + " || echo SENDMAIL-FAILED\n";
    }

    private void spawn(String name, LabMta mta, String script) {
        Path file = lab.writeWorkFile("app-" + name + ".sh", script);
        startedAt.put(name, System.currentTimeMillis());
        apps.put(name, lab.spawn(mta.guest().namespace(), "sh", file.toString()));
    }

    private void bot(String name, TrafficProfile plan, int rate, int maxSeconds) {
        TrafficProfile profile =
                new TrafficProfile(
                        name,
                        plan.client(),
                        plan.plan(),
                        plan.mode(),
                        rate,
                        plan.concurrency(),
                        plan.groundTruth());
        startedAt.put(name, System.currentTimeMillis());
        bots.put(
                name,
                ProfileRunner.start(
                        lab, lab.guest(RealMtaProfile.named(name).vmid()), profile, maxSeconds));
    }

    /**
     * A bot's RCPT probes to random MX of the whole lab: {@code livePercent} % to MX that answer
     * (two thirds of them in the wide internet's networks), the rest dead (dead networks, refused,
     * dropped), {@code pauseMillis} after each.
     */
    private static TrafficProfile probes(
            LabMx mx, Random r, int count, int livePercent, long pauseMillis) {
        List<String> dead = new ArrayList<>(LabMailDomains.WIDE_DEAD);
        dead.addAll(mx.refusing());
        dead.addAll(mx.dropping());
        List<TrafficPlan.Step> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int k = r.nextInt(100);
            List<String> pool =
                    k >= livePercent
                            ? dead
                            : k < livePercent / 3 ? mx.accepting() : LabMailDomains.WIDE_LIVE;
            steps.add(new TrafficPlan.Connect(pool.get(r.nextInt(pool.size())), 25));
            if (pauseMillis > 0) {
                steps.add(new TrafficPlan.Pause(pauseMillis));
            }
        }
        return botPlan(new TrafficPlan(steps), mx);
    }

    /**
     * An IPv6-only bot's RCPT probes to the IPv6 twins of every lab MX ({@link Lab#v6}): the
     * accepting ones answer, the others refuse (nothing listens on their twins).
     */
    private static TrafficProfile probes6(LabMx mx, Random r, int count) {
        List<String> all = mx.all();
        List<TrafficPlan.Step> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            steps.add(new TrafficPlan.Connect(Lab.v6(all.get(r.nextInt(all.size()))), 25));
        }
        return botPlan(new TrafficPlan(steps), mx);
    }

    private static TrafficProfile botPlan(TrafficPlan plan, LabMx mx) {
        return new TrafficProfile(
                "bot",
                TrafficProfile.Client.GENERATOR,
                plan,
                "rcpt",
                0,
                32,
                GroundTruth.of(plan, mx));
    }

    /** Reads the MTAs' logs and bots' results; records when each sender first met the notice. */
    public void poll() {
        long now = System.currentTimeMillis();
        for (var e : mtas.entrySet()) {
            if (!noticeAt.containsKey(e.getKey())
                    && java.util.regex.Pattern.compile(NOTICE).matcher(e.getValue().log()).find()) {
                noticeAt.put(e.getKey(), now);
            }
        }
        for (var e : bots.entrySet()) {
            long at = botProperty(e.getValue(), "firstNoticeAtMillis");
            if (at > 0) {
                noticeAt.putIfAbsent(e.getKey(), at);
            }
        }
    }

    private static long botProperty(ProfileRunner.Started s, String key) {
        Path f = s.resultFile();
        if (!Files.exists(f)) {
            return 0;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(f)) {
            p.load(in);
        } catch (java.io.IOException e) {
            return 0;
        }
        return Long.parseLong(p.getProperty(key, "0"));
    }

    /** Whether every application and bot has finished. */
    public boolean finished() {
        return apps.values().stream().noneMatch(LabProcess::isAlive)
                && bots.values().stream().noneMatch(b -> b.process().isAlive());
    }

    /**
     * Epoch millis a sender started (the first message handed to its MTA, the bot's first
     * connection).
     */
    public long startedAt(String profile) {
        ProfileRunner.Started b = bots.get(profile);
        long first = b == null ? 0 : botProperty(b, "firstConnectAtMillis");
        return first > 0 ? first : startedAt.getOrDefault(profile, 0L);
    }

    /** Milliseconds from a sender's start to the first notice it met, or empty. */
    public Optional<Long> millisToNotice(String profile) {
        Long at = noticeAt.get(profile);
        return at == null ? Optional.empty() : Optional.of(at - startedAt(profile));
    }

    /** One line about a sender: its application's failures, what its MTA still queues. */
    public String describe(String profile) {
        LabMta mta = mtas.get(profile);
        if (mta == null) {
            ProfileRunner.Started b = bots.get(profile);
            return b == null || b.process().isAlive()
                    ? "running"
                    : ProfileRunner.result(b).toString();
        }
        LabProcess app = apps.get(profile);
        long failed =
                app == null
                        ? 0
                        : app.output().lines().filter(l -> l.contains("SENDMAIL-FAILED")).count();
        long sent =
                mta.log()
                        .lines()
                        .filter(l -> l.contains("status=sent") || l.contains(" => "))
                        .count();
        return mta.kind()
                + ": deliveries logged "
                + sent
                + ", queued "
                + mta.queued()
                + ", sendmail failures "
                + failed;
    }

    /** The sender's own log: its MTA's and its application's output. */
    public String log(String profile) {
        LabMta mta = mtas.get(profile);
        LabProcess app = apps.get(profile);
        return (mta == null ? "" : mta.log()) + (app == null ? "" : app.output());
    }

    /** Waits up to {@code timeout} for every sender to finish, polling for notices. */
    public void awaitFinished(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!finished() && System.nanoTime() < deadline) {
            poll();
            LabPoll.sleep(250);
        }
        poll();
    }
}
