package dev.vpsguard.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.report.HostCredential;
import dev.vpsguard.agent.testing.FakeServer;
import dev.vpsguard.protocol.EnrollRequest;
import dev.vpsguard.protocol.ProtocolJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentCommandTest {
    @TempDir Path tmp;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = AgentCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path config(String serverUrl) throws Exception {
        Path cfg = tmp.resolve("agent.yml");
        Files.writeString(
                cfg,
                "server:\n  url: "
                        + serverUrl
                        + "\n  credentialFile: "
                        + tmp.resolve("etc/credential")
                        + "\nstateDir: "
                        + tmp.resolve("state")
                        + "\nspool: {dir: "
                        + tmp.resolve("spool")
                        + "}\n");
        return cfg;
    }

    @Test
    void enrollWritesTheCredentialAtMode0600() throws Exception {
        try (FakeServer server =
                new FakeServer(
                        r ->
                                new FakeServer.Answer(
                                        201,
                                        "{\"hostId\":\"h-42\",\"credential\":\"c-secret\"}"))) {
            int code =
                    run(
                            "enroll",
                            "--server",
                            server.url() + "/",
                            "--token",
                            "tok-1",
                            "--hostname",
                            "pve1",
                            "--config",
                            config("http://unused.example").toString());

            assertThat(code).as(err.toString()).isZero();
            FakeServer.Request r = server.requests.get(0);
            assertThat(r.path()).isEqualTo("/api/v1/enroll");
            EnrollRequest sent = ProtocolJson.read(r.body(), EnrollRequest.class);
            assertThat(sent.token()).isEqualTo("tok-1");
            assertThat(sent.hostname()).isEqualTo("pve1");
            Path cred = tmp.resolve("etc/credential");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cred)))
                    .isEqualTo("rw-------");
            assertThat(HostCredential.read(cred)).isEqualTo(new HostCredential("h-42", "c-secret"));
            assertThat(out.toString()).contains("h-42").doesNotContain("c-secret");
            // Its own config names another server: nothing is started, and it says what to fix.
            assertThat(out.toString()).contains("Not started: server.url in ");
            try (var files = Files.list(tmp.resolve("etc"))) {
                assertThat(files).hasSize(1); // no temporary file left behind
            }
        }
    }

    @Test
    void enrollRefusalShowsTheServersErrorBody() throws Exception {
        try (FakeServer server =
                new FakeServer(
                        r ->
                                new FakeServer.Answer(
                                        403,
                                        "{\"error\":\"invalid_token\",\"field\":\"token\",\"message\":\"token"
                                                + " expired or already used\"}"))) {
            int code =
                    run(
                            "enroll",
                            "--server",
                            server.url().toString(),
                            "--token",
                            "old",
                            "--config",
                            config("http://unused.example").toString());
            assertThat(code).isEqualTo(1);
            assertThat(err.toString())
                    .contains("403 invalid_token (token): token expired or already used");
            assertThat(tmp.resolve("etc/credential")).doesNotExist();
        }
    }

    @Test
    void enrollWithABadServerUrlIsAConfigError() {
        assertThat(
                        run(
                                "enroll",
                                "--server",
                                "ftp://x",
                                "--token",
                                "t",
                                "--config",
                                tmp.resolve("none.yml").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--server").contains("ftp://x");
    }

    @Test
    void runWithABadConfigExitsTwoWithOneLine() throws Exception {
        Path cfg = tmp.resolve("agent.yml");
        Files.writeString(cfg, "server: {url: http://a}\nintervalSeconds: 0\n");
        assertThat(run("run", "--config", cfg.toString())).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo(
                        "config error in "
                                + cfg
                                + ": key 'intervalSeconds' = 0: must be between 1 and 300");
    }

    @Test
    void runWithoutEnrolmentExitsTwoAndSaysHowToEnroll() throws Exception {
        assertThat(run("run", "--config", config("http://127.0.0.1:1").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("does not exist").contains("vpsguard-agent enroll");
    }

    @Test
    void versionAndUsageErrors() {
        assertThat(run("version")).isZero();
        assertThat(out.toString()).startsWith("vpsguard-agent ").contains("(protocol 3)");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("enroll", "--server", "http://a")).isEqualTo(2); // --token missing
    }
}
