package dev.vpsguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A YAML syntax error in the operator's configuration names the file, the line and the column. */
class ConfigFilesTest {
    @TempDir Path dir;

    @Test
    void syntaxErrorNamesTheFileAndLine() throws Exception {
        Path good = dir.resolve("base.yml");
        Files.writeString(good, "vpsguard:\n  hosts:\n    silent-after: 5m\n");
        Path bad = dir.resolve("site.yml");
        Files.writeString(bad, "vpsguard:\n  hosts:\n    silent-after: 5m\n   x: : [\n");
        String problem =
                ConfigFiles.problem(ConfigFiles.named(good + "," + bad, null)).orElseThrow();
        assertThat(problem)
                .startsWith("configuration file " + bad + ": line 4")
                .contains("not valid YAML");
        assertThat(ConfigFiles.problem(List.of(good))).isEmpty();
    }

    @Test
    void missingFileIsNamed() {
        Path none = dir.resolve("none.yml");
        assertThat(ConfigFiles.problem(ConfigFiles.named(null, "file:" + none)))
                .contains("configuration file " + none + ": cannot be read");
    }

    @Test
    void propertyWinsOverEnvironment() {
        assertThat(ConfigFiles.named("a.yml", "b.yml")).containsExactly(Path.of("a.yml"));
        assertThat(ConfigFiles.named(" ", "b.yml,c.yml"))
                .containsExactly(Path.of("b.yml"), Path.of("c.yml"));
    }
}
