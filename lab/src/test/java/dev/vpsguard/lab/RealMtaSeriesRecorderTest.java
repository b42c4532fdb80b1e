package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.SmtpWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records the SMTP windows the real agent reports (observing only, 5 s interval) while the real-MTA
 * lab runs ({@link RealMtaScenario}: Postfix and Exim from Debian, the bots), one JSON array of
 * {@link SmtpWindow} per profile, for the server's replay tests of every shipped policy ({@code
 * server/src/test/resources/lab-windows/real-mta/}). Needs root, Postfix and the unpacked Exim;
 * about two minutes; skipped unless {@code -Dvpsguard.record=true}:
 *
 * <pre>
 * mvn -B -o -q -pl agent -am test -Dtest=RealMtaSeriesRecorderTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dvpsguard.record=true
 * </pre>
 *
 * Writes into {@code target/lab-windows/real-mta/} of the agent module, or the directory named by
 * {@code -Dvpsguard.record.out=DIR}.
 */
@Tag("record")
@EnabledIfSystemProperty(
        named = "vpsguard.record",
        matches = "true",
        disabledReason = "recording skipped: run with -Dvpsguard.record=true")
class RealMtaSeriesRecorderTest {
    static final int INTERVAL_SECONDS = 5;

    @RegisterExtension
    static final LabExtension LAB = new LabExtension(RealMtaScenario::labBuilder);

    @Test
    void recordTheAgentsWindowsOfEveryRealMtaProfile(Lab lab) throws IOException {
        Assumptions.assumeTrue(
                RealMtaScenario.missing().isEmpty(), () -> RealMtaScenario.missing().get());
        Path out =
                Path.of(System.getProperty("vpsguard.record.out", "target/lab-windows/real-mta"));
        Files.createDirectories(out);
        try (LabSink sink = RealMtaScenario.startSink(lab)) {
            RealMtaScenario scenario = new RealMtaScenario(lab);
            LabAgent agent =
                    LabAgent.startObserving(lab, "smtp:\n  enabled: true\n", INTERVAL_SECONDS);
            int first = agent.reports().size();
            scenario.launch();
            scenario.awaitFinished(Duration.ofSeconds(120));
            // Two more reports, so the last connections' windows (and their ends) are in.
            int last = agent.reports().size();
            LabPoll.until(
                    Duration.ofSeconds(4L * INTERVAL_SECONDS),
                    () -> agent.reports().size() >= last + 3,
                    () -> "three more reports");
            List<Report> reports = agent.reports().subList(first, agent.reports().size());
            List<String> silent = new ArrayList<>();
            for (RealMtaProfile p : RealMtaProfile.ALL) {
                List<SmtpWindow> ws = windows(reports, p.vmid());
                if (ws.isEmpty()) {
                    silent.add(
                            p.name()
                                    + ": "
                                    + scenario.describe(p.name())
                                    + "\n"
                                    + scenario.log(p.name()));
                    continue;
                }
                Files.write(
                        out.resolve(p.name() + ".json"),
                        ProtocolJson.mapper()
                                .writerWithDefaultPrettyPrinter()
                                .writeValueAsBytes(ws));
                System.out.printf(
                        "RECORDED %s: %d windows, %d new connections, %d established, %d"
                                + " unreplied, %d reset/refused; %s%n",
                        p.name(),
                        ws.size(),
                        ws.stream().mapToLong(SmtpWindow::newConnections).sum(),
                        ws.stream().mapToLong(SmtpWindow::established).sum(),
                        ws.stream().mapToLong(SmtpWindow::unreplied).sum(),
                        ws.stream().mapToLong(SmtpWindow::resetOrRefused).sum(),
                        scenario.describe(p.name()));
            }
            assertThat(silent).as("profiles without any SMTP window").isEmpty();
        }
    }

    /**
     * The guest's windows from its first with SMTP to its last, quiet reports in between as
     * all-zero windows of the report's span.
     */
    static List<SmtpWindow> windows(List<Report> reports, int vmid) {
        List<SmtpWindow> out = new ArrayList<>();
        List<SmtpWindow> pendingQuiet = new ArrayList<>();
        SmtpWindow previous = null;
        for (Report r : reports) {
            SmtpWindow w = null;
            for (GuestSample g : r.guests()) {
                if (g.vmid() == vmid) {
                    w = g.smtp();
                }
            }
            if (w != null
                    && (w.newConnections() > 0
                            || w.established() > 0
                            || w.unreplied() > 0
                            || w.resetOrRefused() > 0)) {
                out.addAll(pendingQuiet);
                pendingQuiet.clear();
                out.add(w);
                previous = w;
            } else if (previous != null) {
                java.time.Instant s =
                        (pendingQuiet.isEmpty()
                                        ? previous
                                        : pendingQuiet.get(pendingQuiet.size() - 1))
                                .end();
                pendingQuiet.add(
                        w != null
                                ? w
                                : new SmtpWindow(
                                        s,
                                        s.plusSeconds(INTERVAL_SECONDS),
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        null));
            }
        }
        return out;
    }
}
