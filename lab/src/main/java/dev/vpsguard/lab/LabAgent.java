package dev.vpsguard.lab;

import dev.vpsguard.agent.AgentMain;
import dev.vpsguard.agent.report.HostCredential;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real agent process in the lab's {@code hv} namespace, with its fake server ({@link
 * LabFakeServer}) next to it on 127.0.0.1, a static inventory of the lab's guests, a 1 s interval,
 * and a recording {@code qm} first on its PATH.
 */
public final class LabAgent {
    public static final int SERVER_PORT = 8080;
    static final int METRICS_PORT = 9477;
    static final int RESPONDER_PORT = 2525;

    private final Lab lab;
    private final Path dir;
    private final Path config;
    private final Path stateFile;
    private final Path reports;
    private final Path qmLog;
    private final int intervalSeconds;
    private final boolean enforcement;
    private final String serverUrl;
    private LabProcess agent;
    private LabProcess server;

    public LabAgent(Lab lab) {
        this(lab, "");
    }

    /**
     * @param extraYaml appended to the agent's config (e.g. an {@code smtp:} section)
     */
    public LabAgent(Lab lab, String extraYaml) {
        this(lab, extraYaml, 1, true);
    }

    /**
     * @param extraYaml appended to the agent's config (e.g. an {@code smtp:} section)
     * @param intervalSeconds the report interval
     * @param enforcement whether enforcement is on (off: the agent only observes)
     */
    public LabAgent(Lab lab, String extraYaml, int intervalSeconds, boolean enforcement) {
        this(lab, extraYaml, intervalSeconds, enforcement, "http://127.0.0.1:" + SERVER_PORT);
    }

    /**
     * @param extraYaml appended to the agent's config (e.g. an {@code smtp:} section)
     * @param intervalSeconds the report interval
     * @param enforcement whether enforcement is on (off: the agent only observes)
     * @param serverUrl where the agent reports, as seen from {@code hv}
     */
    public LabAgent(
            Lab lab, String extraYaml, int intervalSeconds, boolean enforcement, String serverUrl) {
        this.lab = lab;
        this.serverUrl = serverUrl;
        this.intervalSeconds = intervalSeconds;
        this.enforcement = enforcement;
        this.dir = lab.workDir().resolve("agent");
        this.config = dir.resolve("agent.yml");
        this.stateFile = dir.resolve("desired.json");
        this.reports = dir.resolve("reports");
        this.qmLog = dir.resolve("qm.log");
        try {
            Files.createDirectories(dir.resolve("bin"));
            Files.createDirectories(reports);
            Path credential = dir.resolve("credential");
            new HostCredential("lab-host", "lab-secret").write(credential);
            Path qm = dir.resolve("bin/qm");
            Files.writeString(qm, "#!/bin/sh\necho \"qm $*\" >> " + qmLog + "\n");
            Files.setPosixFilePermissions(qm, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(config, yaml(credential) + extraYaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String yaml(Path credential) {
        StringBuilder g = new StringBuilder();
        for (LabGuest guest : lab.guests()) {
            g.append("    - {vmid: ")
                    .append(guest.vmid())
                    .append(", kind: qemu, nics: [{id: net0, iface: ")
                    .append(guest.tap())
                    .append(", bridge: vmbr0, ips: [")
                    .append(
                            String.join(
                                    ", ",
                                    guest.addresses().stream().map(a -> "'" + a + "'").toList()))
                    .append("]}]}\n");
        }
        return "server:\n"
                + "  url: "
                + serverUrl
                + "\n  credentialFile: "
                + credential
                + "\n  connectTimeoutSeconds: 1\n  readTimeoutSeconds: 2\n"
                + "intervalSeconds: "
                + intervalSeconds
                + "\nhostRoot: /\n"
                + "inventory:\n  mode: static\n  guests:\n"
                + g
                + "spool: {dir: "
                + dir.resolve("spool")
                + "}\nmetrics: {bind: 127.0.0.1, port: "
                + METRICS_PORT
                + "}\nstateDir: "
                + dir.resolve("state")
                + "\nenforcement:\n  enabled: "
                + enforcement
                + "\n  responderAddress: "
                + Lab.HOST_ADDRESS
                + "\n  responderPort: "
                + RESPONDER_PORT
                + "\n  guestControl: qm\n";
    }

    Path config() {
        return config;
    }

    /** Where the fake server writes each report it receives, as received. */
    Path reportsDir() {
        return reports;
    }

    /** Starts the fake server and waits until it listens. */
    void startServer() {
        List<String> cmd =
                Lab.javaCommand(
                        LabFakeServer.class.getName(),
                        "--listen",
                        "127.0.0.1:" + SERVER_PORT,
                        "--state",
                        stateFile.toString(),
                        "--reports",
                        reports.toString());
        server = lab.spawn(lab.hv(), cmd.toArray(String[]::new));
        LabPoll.until(
                Duration.ofSeconds(30),
                () -> server.output().contains("READY"),
                () -> "fake server READY: " + server.output());
    }

    void stopServer() {
        server.stop();
    }

    /** Starts the agent ({@code run}) with the recording qm first on its PATH. */
    public LabProcess startAgent() {
        agent = lab.spawn(lab.hv(), agentCommand("run").toArray(String[]::new));
        return agent;
    }

    /** The agent's command line for a subcommand, with the fake qm first on PATH. */
    public List<String> agentCommand(String subcommand) {
        List<String> cmd = new ArrayList<>();
        cmd.add("env");
        cmd.add("PATH=" + dir.resolve("bin") + ":/usr/sbin:/usr/bin:/sbin:/bin");
        cmd.addAll(
                Lab.javaCommand(
                        AgentMain.class.getName(), subcommand, "--config", config.toString()));
        return cmd;
    }

    public LabProcess agent() {
        return agent;
    }

    /** The agent's live {@code conntrack -E} children (none since the kernel counts). */
    List<ProcessHandle> conntrackChildren() {
        return children("conntrack");
    }

    /** The agent's live {@code nft -j -i} session, through which it reads the kernel's counts. */
    List<ProcessHandle> nftSessions() {
        return children("nft -j -i");
    }

    private List<ProcessHandle> children(String commandLine) {
        return ProcessHandle.of(agent.pid())
                .map(
                        h ->
                                h.descendants()
                                        .filter(
                                                c ->
                                                        c.info()
                                                                .commandLine()
                                                                .orElse("")
                                                                .contains(commandLine))
                                        .filter(ProcessHandle::isAlive)
                                        .toList())
                .orElse(List.of());
    }

    /**
     * Starts an observe-only agent (enforcement off) with its fake server, and waits for its second
     * report.
     *
     * @param smtpYaml the agent's {@code smtp:} section
     */
    static LabAgent startObserving(Lab lab, String smtpYaml, int intervalSeconds) {
        return startObserving(lab, smtpYaml, intervalSeconds, 2);
    }

    /**
     * As {@link #startObserving(Lab, String, int)}, returning after {@code reports} reports: one is
     * enough for a test that then runs its traffic just after the next report anyway, and saves an
     * interval.
     */
    static LabAgent startObserving(Lab lab, String smtpYaml, int intervalSeconds, int reports) {
        LabAgent a = new LabAgent(lab, smtpYaml, intervalSeconds, false);
        a.desire(new DesiredState(1, java.time.Instant.now(), List.of()));
        a.startServer();
        a.startAgent();
        LabPoll.until(
                Duration.ofSeconds(40),
                () -> a.reports().size() >= reports,
                () -> reports + " reports from the agent; its log:\n" + a.agent().output());
        return a;
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() {
        ProcessHandle.of(agent.pid()).ifPresent(ProcessHandle::destroyForcibly);
        agent.waitFor(Duration.ofSeconds(10));
    }

    /** The desired state the fake server hands out from now on. */
    void desire(DesiredState state) {
        try {
            Path tmp = dir.resolve("desired.tmp");
            Files.write(tmp, ProtocolJson.write(state));
            Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every report received so far, in seq order. */
    List<Report> reports() {
        List<Report> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(reports)) {
            for (Path p :
                    files.filter(f -> f.getFileName().toString().startsWith("report-"))
                            .sorted()
                            .toList()) {
                out.add(ProtocolJson.read(Files.readAllBytes(p), Report.class));
            }
        } catch (IOException | dev.vpsguard.protocol.InvalidMessageException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The ack of the newest report that carries one for {@code version}. */
    Optional<EnforcementAck> ack(long version) {
        List<Report> all = reports();
        for (int i = all.size() - 1; i >= 0; i--) {
            EnforcementAck a = all.get(i).enforcementAck();
            if (a != null && a.stateVersion() == version) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Waits until a report acks {@code version}; returns that ack. */
    EnforcementAck awaitAck(long version, Duration timeout) {
        LabPoll.until(
                timeout,
                () -> ack(version).isPresent(),
                () -> "an ack of version " + version + "; agent log:\n" + agent.output());
        return ack(version).orElseThrow();
    }

    /** State version → when the fake server first served it (epoch millis). */
    Map<Long, Long> servedAt() {
        Map<Long, Long> out = new HashMap<>();
        Path log = reports.resolve("served.log");
        try {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    String[] f = line.split(" ");
                    out.putIfAbsent(Long.parseLong(f[0]), Long.parseLong(f[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The command lines the fake qm recorded, in order. */
    List<String> qmCalls() {
        try {
            return Files.exists(qmLog) ? Files.readAllLines(qmLog) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
