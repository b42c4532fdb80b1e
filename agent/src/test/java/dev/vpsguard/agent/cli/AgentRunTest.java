package dev.vpsguard.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.config.AgentConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRunTest {
    @Test
    void onlyAPlainRunSkipsPicocli() {
        assertThat(AgentRun.plainRunConfig(new String[] {"run"}))
                .isEqualTo(AgentConfigLoader.DEFAULT_FILE);
        assertThat(AgentRun.plainRunConfig(new String[] {"run", "--config", "/etc/a.yml"}))
                .isEqualTo(Path.of("/etc/a.yml"));
        assertThat(AgentRun.plainRunConfig(new String[] {"run", "--config=/etc/b.yml"}))
                .isEqualTo(Path.of("/etc/b.yml"));
        assertThat(AgentRun.plainRunConfig(new String[] {})).isNull();
        assertThat(AgentRun.plainRunConfig(new String[] {"run", "--help"})).isNull();
        assertThat(AgentRun.plainRunConfig(new String[] {"run", "--config"})).isNull();
        assertThat(AgentRun.plainRunConfig(new String[] {"run", "--config="})).isNull();
        assertThat(AgentRun.plainRunConfig(new String[] {"run", "--config", "--help"})).isNull();
        assertThat(AgentRun.plainRunConfig(new String[] {"run", "--config", "a", "b"})).isNull();
        assertThat(AgentRun.plainRunConfig(new String[] {"enroll", "--config", "a"})).isNull();
    }

    @Test
    void aBadConfigExitsWithTheConfigCodeAndNamesTheFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("agent.yml");
        Files.writeString(config, "intervalSeconds: soon\n");
        StringWriter err = new StringWriter();

        int code = AgentRun.run(config, new PrintWriter(err, true));

        assertThat(code).isEqualTo(AgentCommand.EXIT_CONFIG);
        assertThat(err.toString()).contains(config.toString());
    }
}
