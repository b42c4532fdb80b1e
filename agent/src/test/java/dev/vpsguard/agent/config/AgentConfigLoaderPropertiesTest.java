package dev.vpsguard.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class AgentConfigLoaderPropertiesTest {
    private static final String VALID = readDist();

    private static String readDist() {
        try {
            return Files.readString(Path.of("src/main/dist/agent.yml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Returns normally or throws ConfigException with a one-line message; nothing else. */
    private static void parsesOrExplains(String yaml) {
        try {
            assertThat(AgentConfigLoader.parse("t.yml", yaml)).isNotNull();
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("config error in t.yml").doesNotContain("\n");
        }
    }

    @Property(tries = 300)
    void randomTextParsesOrExplains(@ForAll @StringLength(max = 200) String yaml) {
        parsesOrExplains(yaml);
    }

    @Property(tries = 300)
    void truncatedPackagedConfigParsesOrExplains(@ForAll @IntRange(min = 0, max = 4000) int cut) {
        parsesOrExplains(VALID.substring(0, Math.min(cut, VALID.length())));
    }

    @Property(tries = 300)
    void corruptedPackagedConfigParsesOrExplains(
            @ForAll @IntRange(min = 0, max = 4000) int at, @ForAll char c) {
        int i = Math.min(at, VALID.length() - 1);
        parsesOrExplains(VALID.substring(0, i) + c + VALID.substring(i + 1));
    }
}
