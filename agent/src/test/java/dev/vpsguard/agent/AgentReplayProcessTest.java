package dev.vpsguard.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.report.HostCredential;
import dev.vpsguard.agent.smtp.CaptureTruth;
import dev.vpsguard.agent.testing.FakeServer;
import dev.vpsguard.agent.testing.PrometheusText;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.ReportReply;
import dev.vpsguard.protocol.SmtpWindow;
import dev.vpsguard.testing.Await;
import dev.vpsguard.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The non-root demo path end to end: the real agent process ({@code AgentMain run}) with the demo's
 * static inventory (scripts/demo.sh) and {@code smtp.replay} of the built-in capture, reporting to
 * a receiver on 127.0.0.1. Needs no root, no namespace and no conntrack: {@code nft}, {@code
 * conntrack}, {@code ip}, {@code qm} and {@code pct} first on its PATH only record that they were
 * called, and none may be. The capture is played 20 times faster (about 10 s) once; the sums of
 * each guest's reported SMTP windows must then equal what the capture holds, counted from its text
 * by {@link CaptureTruth}, and no report may carry a destination address (contract clause S4).
 */
class AgentReplayProcessTest {
    private static final int SPEED = 20;
    private static final Map<Integer, String> GUESTS =
            Map.of(101, "198.51.100.101", 102, "203.0.113.5", 200, "198.51.100.200");

    @TempDir Path dir;
    private Process agent;

    @AfterEach
    void stop() throws InterruptedException {
        if (agent != null && agent.isAlive()) {
            agent.destroy();
            if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
    }

    @Test
    void theReplayedSpamEpisodeIsReportedWithTheCapturesCountsAndNoAddress() throws Exception {
        try (FakeServer server = new FakeServer(AgentReplayProcessTest::accept)) {
            int metricsPort = FreePorts.loopback();
            Path calls = dir.resolve("calls.log");
            Path bin = recordingTools(calls);
            Path config = config(server, metricsPort);
            Path log = dir.resolve("agent.log");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m"));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
            cmd.addAll(List.of(AgentMain.class.getName(), "run", "--config", config.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.redirectOutput(log.toFile());
            pb.environment().put("PATH", bin + ":/usr/bin:/bin");
            agent = pb.start();
            Supplier<String> agentLog = () -> read(log);

            await(
                    Duration.ofSeconds(20),
                    () ->
                            metrics(metricsPort)
                                    .contains("vpsguard_agent_smtp_replay_loops_total 1.0"),
                    () -> "one pass of the replay; agent log:\n" + agentLog.get());
            String metrics = metrics(metricsPort);
            int reportsAtEnd = server.requests.size();
            // Two more windows close after the last line: everything replayed is in a report.
            await(
                    Duration.ofSeconds(10),
                    () -> server.requests.size() >= reportsAtEnd + 2,
                    () -> "two more reports; agent log:\n" + agentLog.get());
            agent.destroy();
            assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();

            List<String> raw = new ArrayList<>();
            List<Report> reports = new ArrayList<>();
            for (FakeServer.Request r : server.requests) {
                raw.add(new String(r.body(), StandardCharsets.UTF_8));
                reports.add(ProtocolJson.read(r.body(), Report.class));
            }
            List<String> capture = CaptureTruth.builtinDemoLines();
            Map<String, CaptureTruth> truth = CaptureTruth.bySource(capture);
            assertThat(truth.keySet()).containsExactlyInAnyOrderElementsOf(GUESTS.values());
            for (Map.Entry<Integer, String> g : GUESTS.entrySet()) {
                int vmid = g.getKey();
                CaptureTruth t = truth.get(g.getValue());
                assertThat(sum(reports, vmid, SmtpWindow::newConnections))
                        .as("guest %d new connections", vmid)
                        .isEqualTo(t.newConnections());
                assertThat(sum(reports, vmid, SmtpWindow::established))
                        .as("guest %d established", vmid)
                        .isEqualTo(t.established());
                assertThat(sum(reports, vmid, SmtpWindow::resetOrRefused))
                        .as("guest %d refused", vmid)
                        .isEqualTo(t.refused());
                assertThat(sum(reports, vmid, SmtpWindow::unreplied))
                        .as("guest %d unreplied", vmid)
                        .isEqualTo(t.unreplied());
                assertThat(max(reports, vmid, SmtpWindow::distinctDestinations))
                        .isBetween(1L, (long) t.destinations().size());
            }
            CaptureTruth spam = truth.get(GUESTS.get(101));
            assertThat(spam.newConnections()).isEqualTo(300);
            assertThat(spam.refused() + spam.unreplied()).isPositive();
            assertThat(
                            reports.stream()
                                    .map(Report::unattributedSmtp)
                                    .filter(w -> w != null)
                                    .mapToLong(SmtpWindow::newConnections)
                                    .sum())
                    .as("every replayed flow belongs to an inventory guest")
                    .isZero();

            Set<String> destinations = new TreeSet<>();
            truth.values().forEach(t -> destinations.addAll(t.destinations()));
            destinations.removeAll(GUESTS.values());
            assertThat(destinations).hasSizeGreaterThan(40);
            for (String address : destinations) {
                Pattern p = Pattern.compile("(?<![0-9.])" + Pattern.quote(address) + "(?![0-9])");
                assertThat(raw).noneMatch(json -> p.matcher(json).find());
            }
            assertThat(raw).anyMatch(json -> json.contains("\"198.51.100.101\""));

            // The real process's scrape, SMTP families included, follows the conventions.
            assertThat(PrometheusText.parse(metrics).problems()).isEmpty();
            String promtool = PrometheusText.promtool(metrics, dir);
            assertThat(promtool == null ? "" : promtool).as("promtool check metrics").isEmpty();
            assertThat(metrics)
                    .containsPattern(
                            "vpsguard_agent_smtp_replay\\{source=\"builtin:demo\",?\\} 1\\.0")
                    .contains(
                            "vpsguard_agent_smtp_replay_lines_total "
                                    + (double) eventLines(capture))
                    .doesNotContain("vpsguard_agent_conntrack_up")
                    .doesNotContain("vpsguard_agent_smtp_watch_tables_installed");
            assertThat(agentLog.get())
                    .contains("SMTP observation: replaying builtin:demo, not watching the kernel")
                    .contains("finished after one pass");
            assertThat(calls).as("no nft, conntrack, ip, qm or pct in replay mode").doesNotExist();
        }
    }

    private static FakeServer.Answer accept(FakeServer.Request r) {
        try {
            Report report = ProtocolJson.read(r.body(), Report.class);
            return new FakeServer.Answer(
                    200,
                    new String(
                            ProtocolJson.write(new ReportReply(report.seq(), false, null)),
                            StandardCharsets.UTF_8));
        } catch (Exception e) {
            // The reason reaches the agent's log, which a failure prints.
            return new FakeServer.Answer(
                    400,
                    "{\"error\":\"invalid\",\"message\":\""
                            + e.toString().replace('"', '\'')
                            + "\"}");
        }
    }

    /** The demo's inventory and agent settings, with replay on, sped up, once. */
    private Path config(FakeServer server, int metricsPort) throws IOException {
        Path credential = dir.resolve("credential");
        new HostCredential("demo-host", "demo-secret").write(credential);
        String yaml =
                """
                server:
                  url: %s
                  credentialFile: %s
                intervalSeconds: 1
                hostRoot: /
                inventory:
                  mode: static
                  guests:
                    - vmid: 101
                      kind: qemu
                      name: web-101
                      nics:
                        - {id: net0, iface: tap101i0, mac: "bc:24:11:00:01:01", bridge: vmbr0, ips: ["198.51.100.101"]}
                    - vmid: 102
                      kind: qemu
                      name: mail-102
                      nics:
                        - {id: net0, iface: tap102i0, mac: "bc:24:11:00:01:02", bridge: vmbr0, ips: ["203.0.113.5"]}
                    - vmid: 200
                      kind: lxc
                      name: ct-200
                      nics:
                        - {id: net0, iface: veth200i0, mac: "bc:24:11:00:02:00", bridge: vmbr0, ips: ["198.51.100.200"]}
                spool:
                  dir: %s
                metrics:
                  bind: 127.0.0.1
                  port: %d
                stateDir: %s
                smtp:
                  replay:
                    file: builtin:demo
                    loop: false
                    speed: %d
                """
                        .formatted(
                                server.url(),
                                credential,
                                dir.resolve("spool"),
                                metricsPort,
                                dir.resolve("state"),
                                SPEED);
        return Files.writeString(dir.resolve("agent.yml"), yaml);
    }

    /** Scripts named like the privileged tools that log their call and fail. */
    private Path recordingTools(Path calls) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("nft", "conntrack", "ip", "qm", "pct")) {
            Path p = bin.resolve(tool);
            Files.writeString(p, "#!/bin/sh\necho \"" + tool + " $*\" >> " + calls + "\nexit 1\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    private static long sum(List<Report> reports, int vmid, ToLongFunction<SmtpWindow> count) {
        return windows(reports, vmid).stream().mapToLong(count).sum();
    }

    private static long max(List<Report> reports, int vmid, ToLongFunction<SmtpWindow> count) {
        return windows(reports, vmid).stream().mapToLong(count).max().orElse(0);
    }

    private static List<SmtpWindow> windows(List<Report> reports, int vmid) {
        List<SmtpWindow> out = new ArrayList<>();
        for (Report r : reports) {
            for (GuestSample g : r.guests()) {
                if (g.vmid() == vmid && g.smtp() != null) {
                    out.add(g.smtp());
                }
            }
        }
        return out;
    }

    private static long eventLines(List<String> capture) {
        return capture.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    }

    private static String metrics(int port) {
        try {
            HttpResponse<String> r =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/metrics"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Awaits {@code condition}; the agent exiting first fails at once. */
    private void await(Duration timeout, BooleanSupplier condition, Supplier<String> describe) {
        Await.until(
                describe,
                timeout,
                () -> {
                    if (condition.getAsBoolean()) {
                        return true;
                    }
                    if (!agent.isAlive()) {
                        throw new AssertionError("the agent exited: " + describe.get());
                    }
                    return false;
                });
    }
}
