package dev.vpsguard.agent.backup;

import dev.vpsguard.agent.enforce.SystemCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

final class BackupFixtures {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private BackupFixtures() {}

    static List<String> lines(String name) {
        try {
            return Files.readAllLines(
                    Path.of(BackupFixtures.class.getResource("/backup/" + name).toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A reader whose {@code pvesm} is a fake first on the child's PATH in {@code dir}: it appends
     * its argv to {@code dir/argv.log}, prints the captured nfs-backup listing for {@code
     * nfs-backup} and fails like an offline storage for any other.
     */
    static BackupStorageReader fakePvesm(Path dir) throws IOException {
        Path log = dir.resolve("argv.log");
        Path listing = dir.resolve("listing.txt");
        Files.write(listing, lines("pvesm-list-nfs-backup.txt"));
        Path script = dir.resolve("pvesm");
        Files.writeString(
                script,
                "#!/bin/sh\n"
                        + "echo \"pvesm $*\" >> '"
                        + log
                        + "'\n"
                        + "if [ \"$2\" = nfs-backup ]; then cat '"
                        + listing
                        + "'; exit 0; fi\n"
                        + "echo \"storage '$2' is not online\" >&2; exit 255\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new BackupStorageReader(
                new SystemCommandRunner(
                        List.of(),
                        Map.of("PATH", dir + ":" + System.getenv("PATH")),
                        Duration.ofSeconds(10)),
                PARIS);
    }
}
