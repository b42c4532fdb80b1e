package dev.vpsguard.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallFileReaderTest {
    @TempDir Path tmp;
    private final SmallFileReader reader = new SmallFileReader();

    @Test
    void readsSmallThenLargeThenSmallFilesWholeThroughTheReusedBuffer() throws IOException {
        Path small = Files.writeString(tmp.resolve("a"), "usage_usec 42\nuser_usec 40\n");
        String big = "x".repeat(50_000) + "\nend\n";
        Path large = Files.writeString(tmp.resolve("b"), big);
        Path tiny = Files.writeString(tmp.resolve("c"), "7\n");

        assertThat(reader.lines(small)).containsExactly("usage_usec 42", "user_usec 40");
        assertThat(reader.read(large)).isEqualTo(big);
        assertThat(reader.lines(tiny)).containsExactly("7");
        assertThat(reader.read(Files.writeString(tmp.resolve("d"), ""))).isEmpty();
    }

    @Test
    void readsAKernelPseudoFileWhoseSizeIsNotItsLength() throws IOException {
        Path stat = Path.of("/proc/self/stat");
        // procfs reports size 0: a reader that trusted the size would read nothing.
        assertThat(Files.size(stat)).isZero();
        assertThat(reader.read(stat)).matches("\\d+ \\(.*\\) .*\\n");
    }

    @Test
    void aMissingFileThrowsNoSuchFile() {
        assertThatThrownBy(() -> reader.read(tmp.resolve("absent")))
                .isInstanceOf(NoSuchFileException.class);
    }
}
