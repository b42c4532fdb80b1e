package dev.vpsguard.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configs are parsed again whenever they may have changed, and only then. */
class ProxmoxInventoryCacheTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir Path tmp;
    private final MutableClock clock = new MutableClock(T0);

    private Path writeConfig(Path root, int cores, Instant modified) throws IOException {
        Path conf = root.resolve("etc/pve/lxc/300.conf");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "hostname: ct300\ncores: " + cores + "\nmemory: 512\n");
        Files.setLastModifiedTime(conf, FileTime.from(modified));
        return conf;
    }

    private int cores(ProxmoxInventory inventory) {
        return inventory.load().get(0).cores();
    }

    @Test
    void aConfigRewrittenWithinTheSameSecondAndSizeIsStillSeen() throws IOException {
        Path root = tmp.resolve("host");
        writeConfig(root, 2, T0);
        ProxmoxInventory inventory = new ProxmoxInventory(root, clock);
        clock.advance(Duration.ofMillis(500));
        assertThat(cores(inventory)).isEqualTo(2);
        // Same size, same whole-second time: only the age rule makes the change visible.
        writeConfig(root, 4, T0);
        assertThat(cores(inventory)).isEqualTo(4);
    }

    @Test
    void aSettledConfigIsReparsedWhenItsTimeOrSizeChanges() throws IOException {
        Path root = tmp.resolve("host");
        writeConfig(root, 2, T0);
        ProxmoxInventory inventory = new ProxmoxInventory(root, clock);
        clock.advance(Duration.ofSeconds(10));
        assertThat(cores(inventory)).isEqualTo(2);
        writeConfig(root, 8, T0.plusSeconds(9));
        assertThat(cores(inventory)).isEqualTo(8);
        writeConfig(root, 16, T0.plusSeconds(9));
        assertThat(cores(inventory)).as("one byte longer").isEqualTo(16);
    }

    @Test
    void aRemovedConfigLeavesTheInventory() throws IOException {
        Path root = tmp.resolve("host");
        Path conf = writeConfig(root, 2, T0);
        ProxmoxInventory inventory = new ProxmoxInventory(root, clock);
        clock.advance(Duration.ofSeconds(10));
        assertThat(inventory.load()).hasSize(1);
        Files.delete(conf);
        assertThat(inventory.load()).isEmpty();
    }
}
