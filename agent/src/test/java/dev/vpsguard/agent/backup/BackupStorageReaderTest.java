package dev.vpsguard.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        reader = BackupFixtures.fakePvesm(dir);
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
