package dev.vpsguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as an operator starts it ({@link Application#main}), in its own JVM, with a bad
 * configuration: it stops at once with a non-zero status and says which key or file, and why.
 */
class StartupProcessTest {
    @TempDir Path dir;

    private record Exit(int status, String output) {}

    private Exit run(String... properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(
                "-Ddatasources.default.url=jdbc:h2:mem:startup;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        command.add("-Dmicronaut.server.port=-1");
        command.add("-Dmicronaut.server.host=127.0.0.1");
        command.add("-Dvpsguard.bootstrap.admin-token=" + TestServer.ADMIN_TOKEN);
        command.add("-Dvpsguard.unblock-link.secret=" + TestServer.LINK_SECRET);
        for (String p : properties) {
            command.add("-D" + p);
        }
        command.add(Application.class.getName());
        Path log = dir.resolve("server.log");
        Process process =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            // A server that started despite the bad value would run until killed.
            boolean ended = process.waitFor(120, TimeUnit.SECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(ended).as("the server stopped by itself; output:\n" + output).isTrue();
            return new Exit(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void tooShortSilenceStopsStartupNamingKeyValueAndReason() throws Exception {
        Exit exit = run("vpsguard.hosts.silent-after=5s");
        assertThat(exit.status()).isNotZero();
        assertThat(exit.output())
                .contains("vpsguard.hosts.silent-after = PT5S: must be at least 30s");
    }

    @Test
    void yamlSyntaxErrorStopsStartupNamingTheFile() throws Exception {
        Path config = dir.resolve("site.yml");
        Files.writeString(config, "vpsguard:\n  hosts:\n    silent-after: 5m\n   x: : [\n");
        Exit exit = run("micronaut.config.files=" + config);
        assertThat(exit.status()).isNotZero();
        assertThat(exit.output())
                .contains("configuration file " + config + ": line 4")
                .contains("not valid YAML");
    }
}
