package dev.vpsguard.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.enforce.SystemCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fake {@code pvesm} first on the child's PATH records its argv and prints a captured listing.
 */
class BackupStorageReaderTest {
    @TempDir Path dir;
    Path log;
    BackupStorageReader reader;

    @BeforeEach
    void fakePvesm() throws IOException {
        log = dir.resolve("argv.log");
        Path listing = dir.resolve("listing.txt");
        Files.write(listing, BackupFixtures.lines("pvesm-list-nfs-backup.txt"));
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
        reader =
                new BackupStorageReader(
                        new SystemCommandRunner(
                                List.of(),
                                Map.of("PATH", dir + ":" + System.getenv("PATH")),
                                Duration.ofSeconds(10)),
                        BackupFixtures.PARIS);
    }

    @Test
    void listsThroughTheExactCommandLine() throws IOException {
        BackupStorageReader.Listing l = reader.list("nfs-backup");
        assertThat(l.error()).isNull();
        assertThat(l.points()).hasSize(12);
        assertThat(Files.readAllLines(log))
                .containsExactly("pvesm list nfs-backup --content backup");
    }

    @Test
    void anOfflineStorageIsAnErrorNamingTheCommand() {
        BackupStorageReader.Listing l = reader.list("pbs");
        assertThat(l.points()).isEmpty();
        assertThat(l.error())
                .isEqualTo(
                        "pvesm list pbs --content backup exited 255: storage 'pbs' is not online");
    }

    @Test
    void aStorageIdThatCouldBeAnOptionIsNeverRun() throws IOException {
        assertThat(reader.list("--all").error()).isEqualTo("not a storage id: --all");
        assertThat(Files.exists(log)).isFalse();
    }
}
