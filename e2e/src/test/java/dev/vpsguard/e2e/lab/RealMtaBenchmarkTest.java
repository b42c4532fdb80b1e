package dev.vpsguard.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.lab.Lab;
import dev.vpsguard.lab.RealMtaProfile;
import dev.vpsguard.lab.RealMtaScenario;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The real-MTA lab ({@link RealMtaRun}) several times, each in a fresh lab: per profile, how often
 * it was blocked, and the time from its first connection (bots) or first message handed to its MTA
 * to the first {@code 554}/{@code 421} notice it met, p50 and p95. Opt-in: {@code
 * -Dvpsguard.bench=true}, runs {@code -Dvpsguard.realmta.runs=N} (default 5). Prints {@code
 * REALMTA-BENCH} lines, a Markdown table for BENCHMARKS.md.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(
        named = "vpsguard.bench",
        matches = "true",
        disabledReason = "benchmark skipped: run with -Dvpsguard.bench=true")
class RealMtaBenchmarkTest {
    @Test
    void everyProfileSeveralTimes() throws IOException {
        Assumptions.assumeTrue(
                Lab.missingPrerequisite().isEmpty(), () -> Lab.missingPrerequisite().get());
        Assumptions.assumeTrue(
                RealMtaScenario.missing().isEmpty(), () -> RealMtaScenario.missing().get());
        int runs = Integer.getInteger("vpsguard.realmta.runs", 5);
        Map<String, List<RealMtaRun.Outcome>> by = new TreeMap<>();
        for (int i = 0; i < runs; i++) {
            try (Lab lab = RealMtaScenario.labBuilder().build()) {
                for (RealMtaRun.Outcome o : RealMtaRun.run(lab)) {
                    System.out.println("REALMTA run " + (i + 1) + " " + o);
                    by.computeIfAbsent(o.profile().name(), k -> new ArrayList<>()).add(o);
                }
            }
        }
        System.out.println(
                "REALMTA-BENCH | profile | truth | blocked | first notice p50 | p95 | false blocks |");
        for (RealMtaProfile p : RealMtaProfile.ALL) {
            List<RealMtaRun.Outcome> os = by.get(p.name());
            List<Long> ms = new ArrayList<>();
            os.forEach(o -> o.millisToNotice().ifPresent(ms::add));
            Collections.sort(ms);
            long blocked = os.stream().filter(RealMtaRun.Outcome::blocked).count();
            System.out.printf(
                    "REALMTA-BENCH | %s | %s | %d/%d | %s | %s | %d |%n",
                    p.name(),
                    p.legitimate() ? (p.declared() ? "legitimate, declared" : "legitimate") : "bot",
                    blocked,
                    os.size(),
                    percentile(ms, 0.5),
                    percentile(ms, 0.95),
                    p.legitimate() ? blocked : 0);
        }
        assertThat(by).hasSize(RealMtaProfile.ALL.size());
    }

    private static String percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return "-";
        }
        long v = sorted.get((int) Math.ceil(q * sorted.size()) - 1);
        return String.format(java.util.Locale.ROOT, "%.1f s", v / 1000.0);
    }
}
