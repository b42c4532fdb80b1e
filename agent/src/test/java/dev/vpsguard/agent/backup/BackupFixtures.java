package dev.vpsguard.agent.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

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
}
