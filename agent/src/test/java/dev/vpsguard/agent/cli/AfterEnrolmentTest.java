package dev.vpsguard.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AfterEnrolmentTest {
    private static final Path ETC = Path.of("/etc/vpsguard/agent.yml");
    private static final URI SERVER = URI.create("https://vpsguard.example.net");

    @Test
    void theInstalledUnitIsRestartedWhenSystemdRunsAndTheConfigNamesTheServer() {
        AfterEnrolment.Plan p =
                AfterEnrolment.plan(
                        ETC,
                        true,
                        URI.create("https://vpsguard.example.net/"),
                        SERVER,
                        true,
                        true,
                        false);
        assertThat(p.start()).containsExactly("systemctl", "restart", "vpsguard-agent.service");
        assertThat(p.message()).isEqualTo("Started vpsguard-agent.service.");
    }

    @Test
    void withoutSystemdItSaysWhatToRun() {
        AfterEnrolment.Plan p = AfterEnrolment.plan(ETC, true, SERVER, SERVER, false, true, false);
        assertThat(p.start()).isEmpty();
        assertThat(p.message())
                .contains("systemd is not running")
                .contains("vpsguard-agent run --config /etc/vpsguard/agent.yml");
    }

    @Test
    void aConfigNamingAnotherServerIsNotStarted() {
        AfterEnrolment.Plan p =
                AfterEnrolment.plan(
                        ETC,
                        true,
                        URI.create("https://vpsguard.example.org"),
                        SERVER,
                        true,
                        true,
                        false);
        assertThat(p.start()).isEmpty();
        assertThat(p.message())
                .startsWith(
                        "Not started: server.url in /etc/vpsguard/agent.yml is https://vpsguard.example.org")
                .contains("set it to https://vpsguard.example.net")
                .contains("systemctl start vpsguard-agent.service");
    }

    @Test
    void anotherConfigFileOrNoUnitOrNoStartNeverStartsTheUnit() {
        Path own = Path.of("/tmp/demo/agent.yml");
        assertThat(AfterEnrolment.plan(own, false, SERVER, SERVER, true, true, false))
                .isEqualTo(
                        new AfterEnrolment.Plan(
                                List.of(),
                                "Start the agent with: vpsguard-agent run --config " + own));
        assertThat(AfterEnrolment.plan(ETC, true, SERVER, SERVER, true, false, false).start())
                .isEmpty();
        AfterEnrolment.Plan noStart =
                AfterEnrolment.plan(ETC, true, SERVER, SERVER, true, true, true);
        assertThat(noStart.start()).isEmpty();
        assertThat(noStart.message()).contains("--no-start").contains("systemctl start");
    }
}
