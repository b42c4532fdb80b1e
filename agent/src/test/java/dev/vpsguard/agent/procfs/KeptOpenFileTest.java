package dev.vpsguard.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptOpenFileTest {
    @TempDir Path tmp;
    private final SmallFileReader reader = new SmallFileReader();

    private String load(KeptOpenFile file) throws IOException {
        int length = file.load(reader);
        return new String(reader.buffer(), 0, length, StandardCharsets.UTF_8);
    }

    @Test
    void aKernelFileGivesItsCurrentContentOnEveryReadOfTheSameDescriptor() throws IOException {
        Path io = Path.of("/proc/self/io");
        assumeTrue(Files.isReadable(io), "no /proc/self/io (task IO accounting) here");
        try (KeptOpenFile file = new KeptOpenFile(io)) {
            long first = rchar(load(file));
            long second = rchar(load(file));
            // Reading the file is itself reading: the second read counts the first one's bytes.
            assertThat(second).isGreaterThan(first);
        }
    }

    private static long rchar(String io) {
        return Long.parseLong(
                io.lines()
                        .filter(l -> l.startsWith("rchar:"))
                        .findFirst()
                        .orElseThrow()
                        .substring(6)
                        .strip());
    }

    @Test
    void aFileRewrittenInPlaceIsReadWholeAgainAfterAShorterAndALongerContent() throws IOException {
        Path f = Files.writeString(tmp.resolve("memory.current"), "123456789\n");
        try (KeptOpenFile file = new KeptOpenFile(f)) {
            assertThat(load(file)).isEqualTo("123456789\n");
            Files.writeString(f, "7\n");
            assertThat(load(file)).isEqualTo("7\n");
            Files.writeString(f, "x".repeat(40_000));
            assertThat(load(file)).hasSize(40_000);
        }
    }

    @Test
    void aMissingPathThrowsNoSuchFileAndIsTriedAgainOnTheNextRead() throws IOException {
        Path f = tmp.resolve("cpu.stat");
        try (KeptOpenFile file = new KeptOpenFile(f)) {
            assertThatThrownBy(() -> file.load(reader)).isInstanceOf(NoSuchFileException.class);
            Files.writeString(f, "usage_usec 1\n");
            assertThat(load(file)).isEqualTo("usage_usec 1\n");
        }
    }
}
