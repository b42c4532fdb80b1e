package dev.vpsguard.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code doctor} without enforcement: only read-only checks of this machine run. */
class DoctorCommandTest {
    @TempDir Path tmp;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = AgentCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path config(String url) throws IOException {
        Path cfg = tmp.resolve("agent.yml");
        Files.writeString(
                cfg,
                "server: {url: \""
                        + url
                        + "\", credentialFile: "
                        + tmp.resolve("credential")
                        + "}\ninventory: {mode: static, guests: []}\n");
        return cfg;
    }

    @Test
    void aMissingCredentialAndADeadServerFailWithOneLineEach() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        int code = run("doctor", "--config", config("http://127.0.0.1:" + port).toString());

        assertThat(code).isEqualTo(AgentCommand.EXIT_FAILURE);
        assertThat(out.toString())
                .containsPattern("(?m)^FAIL  credential +.*credential")
                .containsPattern("(?m)^FAIL  server +127\\.0\\.0\\.1:" + port + " unreachable")
                .containsPattern("(?m)^PASS  proxmox +static inventory")
                .containsPattern("(?m)^WARN  enforcement +off")
                .containsPattern("(?m)^(PASS|FAIL)  nft ");
        assertThat(out.toString().lines())
                .allMatch(l -> l.matches("(PASS|WARN|FAIL)  \\S+ +.+"), "one status per line");
    }

    @Test
    void aReachableServerIsReportedAsReachabilityOnly() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            run("doctor", "--config", config("http://127.0.0.1:" + s.getLocalPort()).toString());
        }
        assertThat(out.toString())
                .containsPattern(
                        "(?m)^PASS  server .*accepts connections \\(credential not verified");
    }

    @Test
    void withReplayConntrackIsNotCheckedButSaidUnused() throws IOException {
        Path cfg = config("http://127.0.0.1:1");
        Files.writeString(
                cfg, "smtp: {replay: {file: \"builtin:demo\"}}\n", StandardOpenOption.APPEND);
        run("doctor", "--config", cfg.toString());
        assertThat(out.toString())
                .containsPattern(
                        "(?m)^WARN  conntrack +not used: smtp.replay plays builtin:demo instead of"
                                + " watching the kernel");
    }

    @Test
    void aBadConfigExitsTwo() throws IOException {
        Path cfg = tmp.resolve("bad.yml");
        Files.writeString(cfg, "server: {url: http://a}\nenforcement: {markBit: \"0x3\"}\n");
        assertThat(run("doctor", "--config", cfg.toString())).isEqualTo(AgentCommand.EXIT_CONFIG);
        assertThat(err.toString()).contains("enforcement.markBit");
    }
}
