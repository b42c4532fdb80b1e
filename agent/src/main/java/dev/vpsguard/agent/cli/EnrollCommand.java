package dev.vpsguard.agent.cli;

import dev.vpsguard.agent.client.HttpPostClient;
import dev.vpsguard.agent.client.HttpReply;
import dev.vpsguard.agent.client.TlsContexts;
import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.config.AgentConfigLoader;
import dev.vpsguard.agent.config.ConfigException;
import dev.vpsguard.agent.enforce.CommandRunner;
import dev.vpsguard.agent.enforce.SystemCommandRunner;
import dev.vpsguard.agent.report.HostCredential;
import dev.vpsguard.protocol.EnrollRequest;
import dev.vpsguard.protocol.EnrollResponse;
import dev.vpsguard.protocol.ErrorBody;
import dev.vpsguard.protocol.InvalidMessageException;
import dev.vpsguard.protocol.ProtocolJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vpsguard-agent enroll}: exchanges a one-time enrolment token for the host credential and
 * stores it at mode 0600 where {@code server.credentialFile} points, then starts the packaged unit
 * or says how to start the agent ({@link AfterEnrolment}).
 */
@Command(
        name = "enroll",
        description = "Exchange a one-time enrolment token for this host's credential.")
final class EnrollCommand implements Callable<Integer> {
    static final String PATH = "/api/v1/enroll";

    @Option(
            names = "--server",
            required = true,
            description = "The server's base URL, e.g. https://vpsguard.example.net")
    String server;

    @Option(
            names = "--token",
            required = true,
            description = "The one-time enrolment token from the console.")
    String token;

    @Option(
            names = "--config",
            description =
                    "The agent's configuration; its server.credentialFile and "
                            + "server.caFile are used when it exists (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(
            names = "--hostname",
            description = "The name to enrol under (default: this machine's host name).")
    String hostname;

    @Option(
            names = "--no-start",
            description =
                    "Only write the credential; do not start vpsguard-agent.service (it is"
                            + " started when systemd runs and the default config names this server).")
    boolean noStart;

    /** Where systemd keeps its run-time state; present only when it is PID 1. */
    Path systemdRunDir = Path.of("/run/systemd/system");

    /** The package's unit. */
    Path unitFile = Path.of("/lib/systemd/system/" + AfterEnrolment.UNIT);

    CommandRunner runner = SystemCommandRunner.host();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        URI url;
        Path credentialFile = Path.of("/etc/vpsguard/credential");
        Path caFile = null;
        Duration connect = Duration.ofSeconds(5);
        Duration read = Duration.ofSeconds(15);
        Path file = config == null ? AgentConfigLoader.DEFAULT_FILE : config;
        URI configured = null;
        try {
            url = AgentConfigLoader.parseServerUrl("--server", server);
            if (config != null || Files.exists(file)) {
                AgentConfig cfg = AgentConfigLoader.load(file);
                configured = cfg.server().url();
                credentialFile = cfg.server().credentialFile();
                caFile = cfg.server().caFile();
                connect = cfg.server().connectTimeout();
                read = cfg.server().readTimeout();
            }
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return AgentCommand.EXIT_CONFIG;
        }
        if (token.isBlank()) {
            err.println("--token is empty");
            return AgentCommand.EXIT_CONFIG;
        }
        try (HttpPostClient http =
                new HttpPostClient(url, TlsContexts.forServer(url, caFile), connect, read)) {
            byte[] body =
                    ProtocolJson.write(new EnrollRequest(token, hostname(), AgentVersion.get()));
            HttpReply reply = http.post(PATH, body, Map.of("Content-Type", "application/json"));
            if (reply.status() != 200 && reply.status() != 201) {
                err.println("enrolment refused by " + url + ": " + describe(reply));
                return AgentCommand.EXIT_FAILURE;
            }
            EnrollResponse res = ProtocolJson.read(reply.body(), EnrollResponse.class);
            if (res.hostId() == null || res.credential() == null) {
                err.println("the server's enrolment answer lacks hostId or credential");
                return AgentCommand.EXIT_FAILURE;
            }
            new HostCredential(res.hostId(), res.credential()).write(credentialFile);
            spec.commandLine()
                    .getOut()
                    .println(
                            "enrolled as host "
                                    + res.hostId()
                                    + "; credential written to "
                                    + credentialFile
                                    + " (mode 0600).");
            return start(file, configured, url);
        } catch (IOException e) {
            err.println("enrolment failed: " + e.getMessage());
            return AgentCommand.EXIT_FAILURE;
        } catch (InvalidMessageException e) {
            err.println("the server's enrolment answer is not valid: " + e.getMessage());
            return AgentCommand.EXIT_FAILURE;
        }
    }

    /** Starts the packaged unit when that is what the operator means, or says what to run. */
    private int start(Path file, URI configured, URI url) {
        AfterEnrolment.Plan plan =
                AfterEnrolment.plan(
                        file,
                        file.equals(AgentConfigLoader.DEFAULT_FILE),
                        configured,
                        url,
                        Files.isDirectory(systemdRunDir),
                        Files.exists(unitFile),
                        noStart);
        if (!plan.start().isEmpty()) {
            CommandRunner.CommandResult r = runner.run(plan.start());
            if (!r.ok()) {
                spec.commandLine()
                        .getErr()
                        .println(
                                "the agent is enrolled but did not start: "
                                        + r.describe()
                                        + " (journalctl -u "
                                        + AfterEnrolment.UNIT
                                        + ")");
                return AgentCommand.EXIT_FAILURE;
            }
        }
        spec.commandLine().getOut().println(plan.message());
        return 0;
    }

    private String hostname() {
        if (hostname != null) {
            return hostname;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The server's ErrorBody in words, or its raw body when it sent something else. */
    static String describe(HttpReply reply) {
        try {
            ErrorBody e = ProtocolJson.read(reply.body(), ErrorBody.class);
            return reply.status()
                    + " "
                    + e.error()
                    + (e.field() == null ? "" : " (" + e.field() + ")")
                    + ": "
                    + e.message();
        } catch (InvalidMessageException ignored) {
            return reply.status() + ": " + reply.bodyText(300);
        }
    }
}
