package dev.vpsguard.agent.enforce;

import static dev.vpsguard.agent.enforce.EnforceFixtures.block;
import static dev.vpsguard.agent.enforce.EnforceFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.PacketLimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredStateStoreTest {
    @TempDir Path dir;

    @Test
    void savedStateLoadsBackEqualAndPrivately() throws IOException {
        DesiredStateStore store = new DesiredStateStore(dir.resolve("state"));
        DesiredState s =
                state(
                        5,
                        block("b101", 101),
                        EnforceFixtures.isolate("i", 102, "192.0.2.1"),
                        // A contract's filter survives a restart like a block does.
                        EnforceFixtures.filter(
                                "f200",
                                200,
                                EnforceFixtures.outboundTcp("23", "135-139"),
                                new PacketLimit(1000, 200),
                                new PacketLimit(20, 40)));
        store.save(s);
        store.save(s);
        assertThat(store.load()).contains(s);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir.resolve("state"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly("desired-state.json");
        }
    }

    @Test
    void missingFileIsEmptyAndCorruptFileNamesItself() throws IOException {
        DesiredStateStore store = new DesiredStateStore(dir);
        assertThat(store.load()).isEmpty();
        Files.writeString(store.file(), "not json");
        assertThatThrownBy(store::load)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("desired-state.json");
    }
}
