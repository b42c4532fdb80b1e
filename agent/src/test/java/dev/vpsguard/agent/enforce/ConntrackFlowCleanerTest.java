package dev.vpsguard.agent.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConntrackFlowCleanerTest {
    static final String PREFIX = "conntrack v1.4.7 (conntrack-tools): ";

    @Test
    void nothingToDeleteExitingOneIsSuccess() {
        ConntrackFlowCleaner.Deletion d =
                ConntrackFlowCleaner.interpret(
                        new CommandRunner.CommandResult(
                                "conntrack -D",
                                1,
                                "",
                                PREFIX + "0 flow entries have been deleted.\n"));
        assertThat(d.ok()).isTrue();
        assertThat(d.deleted()).isZero();
    }

    @Test
    void otherFailuresAreErrorsWithStderr() {
        ConntrackFlowCleaner.Deletion d =
                ConntrackFlowCleaner.interpret(
                        new CommandRunner.CommandResult(
                                "conntrack -D",
                                1,
                                "",
                                PREFIX + "Operation failed: invalid parameters"));
        assertThat(d.ok()).isFalse();
        assertThat(d.error()).contains("invalid parameters");
        assertThat(
                        ConntrackFlowCleaner.interpret(
                                        new CommandRunner.CommandResult(
                                                "conntrack -D",
                                                -1,
                                                "",
                                                "conntrack: command not found on PATH"))
                                .ok())
                .isFalse();
    }

    @Test
    void deletesOnlyTheGuestsPortTwentyFiveFlowsInANamespace() {
        Netns.assumeRootWith("ip", "conntrack");
        try (Netns ns = Netns.create()) {
            ns.sh(
                    "conntrack -I -p tcp -s 198.51.100.101 -d 198.51.100.202 --sport 40000 --dport 25"
                            + " --state ESTABLISHED -t 100\n"
                            + "conntrack -I -p tcp -s 198.51.100.101 -d 198.51.100.202 --sport 40001 --dport"
                            + " 80 --state ESTABLISHED -t 100\n"
                            + "conntrack -I -p tcp -s 198.51.100.102 -d 198.51.100.202 --sport 40002 --dport"
                            + " 25 --state ESTABLISHED -t 100");
            ConntrackFlowCleaner cleaner = new ConntrackFlowCleaner(ns.runner);

            assertThat(cleaner.deleteSmtpFlows("198.51.100.101"))
                    .isEqualTo(new ConntrackFlowCleaner.Deletion(1, null));
            assertThat(cleaner.deleteSmtpFlows("198.51.100.101"))
                    .isEqualTo(new ConntrackFlowCleaner.Deletion(0, null));
            assertThat(cleaner.deleteSmtpFlows("2001:db8::101").ok()).isTrue();

            String left = ns.runner.run(List.of("conntrack", "-L")).stdout();
            assertThat(left).contains("sport=40001 dport=80").contains("sport=40002 dport=25");
            assertThat(left).doesNotContain("sport=40000");
        }
    }
}
