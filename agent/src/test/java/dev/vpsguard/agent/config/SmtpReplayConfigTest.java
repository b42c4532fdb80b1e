package dev.vpsguard.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmtpReplayConfigTest {
    private static final String FILE = "/etc/vpsguard/agent.yml";
    private static final String STATIC =
            """
            server: {url: "http://127.0.0.1:8080"}
            inventory:
              mode: static
              guests:
                - vmid: 101
                  kind: qemu
                  nics:
                    - {id: net0, iface: tap101i0, ips: ["198.51.100.101"]}
            """;

    @TempDir Path tmp;

    private static AgentConfig parse(String yaml) throws ConfigException {
        return AgentConfigLoader.parse(FILE, yaml);
    }

    private static ConfigException error(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            assertThat(e.file()).isEqualTo(FILE);
            assertThat(e.getMessage()).doesNotContain("\n");
            return e;
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void theDemoSectionEnablesObservationWithTheDefaults() throws Exception {
        AgentConfig c = parse(STATIC + "smtp:\n  replay:\n    file: builtin:demo\n");
        assertThat(c.smtp().enabled()).isTrue();
        assertThat(c.smtp().replay())
                .isEqualTo(new AgentConfig.Replay("builtin:demo", true, Duration.ofSeconds(60), 1));
        assertThat(c.enforcement().enabled()).isFalse();
    }

    @Test
    void theAnswerDeadlineIsFiveSecondsByDefaultAndBoundedToAMinute() throws Exception {
        assertThat(parse(STATIC).smtp().answerDeadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse(STATIC + "smtp: {answerDeadlineSeconds: 10}\n").smtp().answerDeadline())
                .isEqualTo(Duration.ofSeconds(10));
        ConfigException e = error(STATIC + "smtp: {answerDeadlineSeconds: 0}\n");
        assertThat(e.key()).isEqualTo("smtp.answerDeadlineSeconds");
        assertThat(error(STATIC + "smtp: {answerDeadlineSeconds: 61}\n").key())
                .isEqualTo("smtp.answerDeadlineSeconds");
    }

    @Test
    void everyKeyCanBeSetAlsoInFlowStyle() throws Exception {
        AgentConfig c =
                parse(
                        STATIC
                                + "smtp: {enabled: true, replay: {file: \"builtin:demo\", loop:"
                                + " false, gapSeconds: 0, speed: 100}}\n");
        assertThat(c.smtp().replay())
                .isEqualTo(new AgentConfig.Replay("builtin:demo", false, Duration.ZERO, 100));
    }

    @Test
    void withoutReplayNothingChanges() throws Exception {
        assertThat(parse(STATIC).smtp().enabled()).isFalse();
        assertThat(parse(STATIC).smtp().replay()).isNull();
        assertThat(parse("server: {url: \"http://a\"}\n").smtp().enabled()).isTrue();
    }

    @Test
    void replayIsRefusedWithAProxmoxInventory() {
        ConfigException e =
                error("server: {url: \"http://a\"}\nsmtp:\n  replay: {file: \"builtin:demo\"}\n");
        assertThat(e.key()).isEqualTo("smtp.replay");
        assertThat(e.reason())
                .startsWith("is refused with inventory.mode proxmox")
                .contains("made-up SMTP counts for real guests");
    }

    @Test
    void replayIsRefusedWithEnforcementOn() {
        ConfigException e =
                error(
                        STATIC
                                + "enforcement: {enabled: true, responderAddress: 198.51.100.250}\n"
                                + "smtp:\n  replay: {file: \"builtin:demo\"}\n");
        assertThat(e.key()).isEqualTo("smtp.replay");
        assertThat(e.reason()).startsWith("is refused with enforcement.enabled true");
    }

    @Test
    void replayWithObservationSwitchedOffIsAContradiction() {
        ConfigException e =
                error(STATIC + "smtp:\n  enabled: false\n  replay: {file: \"builtin:demo\"}\n");
        assertThat(e.key()).isEqualTo("smtp.enabled");
        assertThat(e.value()).isEqualTo("false");
        assertThat(e.reason()).isEqualTo("must not be false when smtp.replay is set");
    }

    @Test
    void theFileIsRequiredAndMustExistAndBeAbsoluteOrBuiltin() {
        ConfigException e = error(STATIC + "smtp:\n  replay: {loop: true}\n");
        assertThat(e.key()).isEqualTo("smtp.replay.file");
        assertThat(e.reason()).startsWith("is required");
        e = error(STATIC + "smtp:\n  replay: {file: \"\"}\n");
        assertThat(e.key()).isEqualTo("smtp.replay.file");
        assertThat(e.reason()).startsWith("is required");
        e = error(STATIC + "smtp:\n  replay: {file: demo.conntrack}\n");
        assertThat(e.value()).isEqualTo("\"demo.conntrack\"");
        assertThat(e.reason()).isEqualTo("must be an absolute path or builtin:demo");
        e = error(STATIC + "smtp:\n  replay: {file: /nonexistent/demo.conntrack}\n");
        assertThat(e.reason()).isEqualTo("no such file");
        e = error(STATIC + "smtp:\n  replay: {file: \"builtin:other\"}\n");
        assertThat(e.reason()).isEqualTo("unknown built-in capture; the only one is builtin:demo");
    }

    @Test
    void aMalformedCaptureStopsTheAgentAtStartupWithTheLine() throws Exception {
        Path capture = tmp.resolve("bad.conntrack");
        Files.writeString(capture, "# a capture\n[1.000000] [NEW] udp 17 src=x\n");
        ConfigException e = error(STATIC + "smtp:\n  replay: {file: " + capture + "}\n");
        assertThat(e.key()).isEqualTo("smtp.replay.file");
        assertThat(e.value()).isEqualTo("\"" + capture + "\"");
        assertThat(e.reason()).startsWith("line 2: not a conntrack event: ");
        assertThat(e.getMessage())
                .startsWith(
                        "config error in "
                                + FILE
                                + ": key 'smtp.replay.file' = \""
                                + capture
                                + "\": line 2: ");
    }

    @Test
    void numbersOutOfRangeAndWrongTypesAndUnknownKeysAreRefused() {
        ConfigException e =
                error(STATIC + "smtp:\n  replay: {file: \"builtin:demo\", gapSeconds: -1}\n");
        assertThat(e.key()).isEqualTo("smtp.replay.gapSeconds");
        assertThat(e.reason()).isEqualTo("must be between 0 and 86400");
        e = error(STATIC + "smtp:\n  replay: {file: \"builtin:demo\", speed: 0}\n");
        assertThat(e.key()).isEqualTo("smtp.replay.speed");
        assertThat(e.reason()).isEqualTo("must be between 1 and 100");
        e = error(STATIC + "smtp:\n  replay: {file: \"builtin:demo\", speed: 101}\n");
        assertThat(e.key()).isEqualTo("smtp.replay.speed");
        e = error(STATIC + "smtp:\n  replay: {file: \"builtin:demo\", loop: sometimes}\n");
        assertThat(e.key()).isEqualTo("smtp.replay.loop");
        assertThat(e.reason()).isEqualTo("must be true or false");
        e = error(STATIC + "smtp:\n  replay: {file: \"builtin:demo\", gap: 5}\n");
        assertThat(e.key()).isEqualTo("smtp.replay.gap");
        assertThat(e.reason())
                .isEqualTo("unknown key; allowed here: file, gapSeconds, loop, speed");
        e = error(STATIC + "smtp:\n  replay: builtin:demo\n");
        assertThat(e.key()).isEqualTo("smtp.replay");
        assertThat(e.reason()).isEqualTo("must be a mapping of keys");
    }
}
