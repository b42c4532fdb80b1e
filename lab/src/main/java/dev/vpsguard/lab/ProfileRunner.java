package dev.vpsguard.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/** Runs a {@link TrafficProfile} from inside a guest's namespace and reports the client's view. */
public final class ProfileRunner {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private ProfileRunner() {}

    /**
     * Runs {@code profile} in {@code guest}'s namespace and waits for it to finish (bounded by the
     * generator's own time limit, {@code maxSeconds}).
     */
    public static GeneratorResult run(
            Lab lab, LabGuest guest, TrafficProfile profile, int maxSeconds) {
        return switch (profile.client()) {
            case GENERATOR -> runGenerator(lab, guest, profile, maxSeconds);
            case SWAKS -> runSwaks(lab, guest, profile);
        };
    }

    /** Runs {@code profile} with a 20 s bound. */
    public static GeneratorResult run(Lab lab, LabGuest guest, TrafficProfile profile) {
        return run(lab, guest, profile, 20);
    }

    /** Starts the generator in the background; read its result with {@link #result}. */
    public static Started start(Lab lab, LabGuest guest, TrafficProfile profile, int maxSeconds) {
        if (profile.client() != TrafficProfile.Client.GENERATOR) {
            throw new IllegalArgumentException(profile.name() + " is not a generator profile");
        }
        int n = RUNS.incrementAndGet();
        Path plan = lab.writeWorkFile("plan-" + n + ".txt", profile.plan().render());
        Path out = lab.workDir().resolve("result-" + n + ".properties");
        LabProcess p =
                lab.spawn(
                        guest.namespace(),
                        Lab.javaCommand(
                                        LabTrafficGenerator.class.getName(),
                                        "--plan",
                                        plan.toString(),
                                        "--out",
                                        out.toString(),
                                        "--mode",
                                        profile.mode(),
                                        "--rate",
                                        Integer.toString(profile.ratePerSecond()),
                                        "--concurrency",
                                        Integer.toString(profile.concurrency()),
                                        "--max-seconds",
                                        Integer.toString(maxSeconds))
                                .toArray(String[]::new));
        return new Started(p, out, maxSeconds);
    }

    /** Waits for a started generator and parses its result. */
    public static GeneratorResult result(Started s) {
        int rc = s.process().waitFor(Duration.ofSeconds(s.maxSeconds() + 30L));
        if (rc != 0 || !Files.exists(s.resultFile())) {
            throw new IllegalStateException(
                    "generator exited " + rc + " without result: " + s.process().output());
        }
        try {
            return GeneratorResult.parse(Files.readString(s.resultFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A generator running in the background.
     *
     * @param process the generator's JVM
     * @param resultFile where it writes its result
     * @param maxSeconds its own bound on starting connections
     */
    public record Started(LabProcess process, Path resultFile, int maxSeconds) {}

    private static GeneratorResult runGenerator(
            Lab lab, LabGuest guest, TrafficProfile profile, int maxSeconds) {
        return result(start(lab, guest, profile, maxSeconds));
    }

    private static GeneratorResult runSwaks(Lab lab, LabGuest guest, TrafficProfile profile) {
        Assumptions.assumeTrue(
                LabPrerequisites.find("swaks").isPresent(),
                "profile '" + profile.name() + "' needs swaks (Debian package swaks)");
        long started = System.nanoTime();
        long accepted = 0;
        long refused = 0;
        long unreplied = 0;
        long failed = 0;
        String firstError = "";
        Map<String, Long> per = new TreeMap<>();
        for (TrafficPlan.Connect c : profile.plan().connects()) {
            ExecResult r =
                    lab.exec(
                            guest.namespace(),
                            "swaks",
                            "--server",
                            c.address(),
                            "--port",
                            Integer.toString(c.port()),
                            "--from",
                            "billing@guest" + guest.vmid() + ".test",
                            "--to",
                            "customer@example.test",
                            "--helo",
                            "guest" + guest.vmid() + ".lab.test",
                            "--timeout",
                            "5");
            if (r.succeeded()) {
                accepted++;
                per.merge(c.address() + ":" + c.port(), 1L, Long::sum);
            } else if (r.output().contains("refused")) {
                refused++;
            } else if (r.output().toLowerCase().contains("timed out")
                    || r.output().contains("Timeout")) {
                unreplied++;
            } else {
                failed++;
                if (firstError.isEmpty()) {
                    firstError = c + ": swaks exit " + r.exitCode() + ": " + r.output();
                }
            }
        }
        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
        int n = profile.plan().connects().size();
        return new GeneratorResult(
                n, accepted, refused, unreplied, failed, elapsed, false, per, firstError);
    }
}
