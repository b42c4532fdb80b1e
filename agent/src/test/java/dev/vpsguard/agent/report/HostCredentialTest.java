package dev.vpsguard.agent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCredentialTest {
    @TempDir Path dir;

    @Test
    void writeThenReadRoundTripsAndReplacesAtomically() throws Exception {
        Path f = dir.resolve("sub/credential");
        new HostCredential("h1", "one").write(f);
        new HostCredential("h1", "two").write(f);
        assertThat(HostCredential.read(f).credential()).isEqualTo("two");
        assertThat(new HostCredential("h1", "two").toString()).doesNotContain("two");
    }

    @Test
    void unusableFilesGiveActionableMessages() throws Exception {
        Path f = dir.resolve("credential");
        assertThatThrownBy(() -> HostCredential.read(f))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("enroll");
        Files.writeString(f, "{\"hostId\":\"h1\"}");
        assertThatThrownBy(() -> HostCredential.read(f))
                .hasMessageContaining("lacks hostId or credential");
        Files.writeString(f, "hostId=h1");
        assertThatThrownBy(() -> HostCredential.read(f)).hasMessageContaining("not valid JSON");
    }
}
