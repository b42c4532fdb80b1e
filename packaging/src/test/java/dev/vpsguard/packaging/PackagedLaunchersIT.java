package dev.vpsguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs what the packages ship, unpacked with {@code dpkg-deb -x} into a temporary directory (not
 * installed: no dpkg database, no maintainer scripts): each launcher, with the one path it
 * hard-codes moved into that directory, and the server with its packaged {@code server.yml}.
 */
class PackagedLaunchersIT {
    private static final Path DEB_DIR = Path.of(System.getProperty("vpsguard.debDir", "target"));

    @TempDir Path root;

    @Test
    void theAgentLauncherRunsThePackagedJar() throws Exception {
        unpack("vpsguard-agent");
        Path launcher = relocatedLauncher("vpsguard-agent");
        Tools.Result r = Tools.run(List.of("sh", launcher.toString(), "version"), "");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("0.1.0");
    }

    @Test
    void theServerStartsFromItsLauncherWithThePackagedConfigAndAnswersHealth() throws Exception {
        unpack("vpsguard-server");
        Path launcher = relocatedLauncher("vpsguard-server");
        Path data = Files.createDirectories(root.resolve("var/lib/vpsguard-server"));
        Path config = root.resolve("etc/vpsguard/server.yml");
        Files.writeString(
                config,
                Files.readString(config).replace("/var/lib/vpsguard-server", data.toString()));
        try (ServerProcess server =
                ServerProcess.start(
                        List.of("sh", launcher.toString()),
                        Map.of("VPSGUARD_SERVER_CONFIG", config.toString()),
                        root,
                        root.resolve("server.log"))) {
            assertThat(server.awaitHealth()).as(server.log()).isEqualTo(200);
            // The packaged config put the H2 file where the package's state directory would be.
            try (Stream<Path> files = Files.list(data)) {
                assertThat(files.map(p -> p.getFileName().toString())).contains("vpsguard.mv.db");
            }
        }
    }

    private void unpack(String pkg) throws Exception {
        Path deb = Tools.deb(DEB_DIR, pkg);
        Tools.Result r = Tools.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), "");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    /** The packaged launcher, its jar path moved under the temporary root. */
    private Path relocatedLauncher(String name) throws IOException {
        Path launcher = root.resolve("usr/bin").resolve(name);
        String text = Files.readString(launcher);
        assertThat(text).contains("/usr/share/vpsguard/" + name + ".jar");
        Files.writeString(
                launcher,
                text.replace("/usr/share/vpsguard/", root.resolve("usr/share/vpsguard") + "/"));
        return launcher;
    }
}
