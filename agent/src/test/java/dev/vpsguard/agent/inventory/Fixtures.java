package dev.vpsguard.agent.inventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** The captured-format Proxmox host tree under {@code src/test/resources/fixtures/pve-host}. */
public final class Fixtures {
    private Fixtures() {}

    /** The fixture tree itself (read-only use). */
    public static Path pveHost() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/pve-host").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the fixture tree under {@code dir}, for tests that change files. */
    public static Path copyPveHost(Path dir) throws IOException {
        Path source = pveHost();
        Path target = dir.resolve("pve-host");
        try (Stream<Path> files = Files.walk(source)) {
            files.forEach(
                    p -> {
                        try {
                            Path t = target.resolve(source.relativize(p).toString());
                            if (Files.isDirectory(p)) {
                                Files.createDirectories(t);
                            } else {
                                Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return target;
    }

    /** The lines of one fixture file, relative to the tree's root. */
    public static List<String> lines(String relative) throws IOException {
        return ProxmoxInventory.read(pveHost().resolve(relative));
    }
}
