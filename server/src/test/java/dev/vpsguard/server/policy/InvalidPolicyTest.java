package dev.vpsguard.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvalidPolicyTest {

    /** Each case: a YAML body after {@code contract: bad}, the dotted key the error must name. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "colour: blue|colour",
                "spam:\\n  burst:\\n    new_conections_per_minute: 5\\n    clause: x|spam.burst.new_conections_per_minute",
                "spam:\\n  burst:\\n    new_connections_per_minute: -5\\n    clause: x|spam.burst.new_connections_per_minute",
                "spam:\\n  burst:\\n    new_connections_per_minute: lots\\n    clause: x|spam.burst.new_connections_per_minute",
                "spam:\\n  burst:\\n    new_connections_per_minute: 50|spam.burst.clause",
                "spam:\\n  failure_ratio:\\n    max_ratio: 1.5\\n    clause: x|spam.failure_ratio.max_ratio",
                "spam:\\n  consecutive_windows: 2.5|spam.consecutive_windows",
                "spam:\\n  anomaly:\\n    min_samples: 12\\n    clause: x|spam.anomaly.min_samples",
                "spam:\\n  anomaly:\\n    min_history: 4d\\n    time_constant: 1d\\n    clause: x|spam.anomaly.min_history",
                "spam:\\n  ceiling:\\n    new_connections_per_minute: 60\\n    clause: x|spam.ceiling.new_connections_per_minute",
                "spam:\\n  ceiling:\\n    new_connections_per_minute: 900|spam.ceiling.clause",
                "spam:\\n  fan_out:\\n    min_failure_ratio: 2\\n    clause: x|spam.fan_out.min_failure_ratio",
                "spam:\\n  volume_notice_every: soon|spam.volume_notice_every",
                "spam: 12|spam",
                "ladder:\\n  strike_memory: 365 days|ladder.strike_memory",
                "ladder:\\n  rungs:\\n    - min_duration: 2x\\n      unblock: on_request\\n      clause: x|ladder.rungs[0].min_duration",
                "ladder:\\n  rungs:\\n    - min_duration: 1h\\n      unblock: maybe\\n      clause: x|ladder.rungs[0].unblock",
                "ladder:\\n  rungs:\\n    - min_duration: 1h\\n      unblock: on_request|ladder.rungs[0].clause",
                "ladder:\\n  clause: x\\n  rungs:\\n    - {min_duration: 2h, unblock: on_request, clause: x}\\n    - {min_duration: 1h, unblock: refused, clause: x}|ladder.rungs[1].min_duration",
                "ladder:\\n  clause: x\\n  refusal_rung: 2|ladder.rungs[1].unblock",
                "ladder:\\n  clause: x\\n  refusal_rung: 4|ladder.refusal_rung",
                "ladder:\\n  clause: x\\n  rungs: []|ladder.rungs",
                "ladder:\\n  clause: x\\n  rungs:\\n    - {min_duration: 1h, unblock: on_request, clause: x, extra: 1}|ladder.rungs[0].extra",
                "declared_senders:\\n  vmids: [abc]\\n  clause: x|declared_senders.vmids[0]",
                "declared_senders:\\n  threshold_multiplier: 0.5\\n  clause: x|declared_senders.threshold_multiplier",
                "resources:\\n  actions:\\n    suspend: yes-please\\n    clause: x|resources.actions.suspend",
                "resources:\\n  actions:\\n    warn: approve\\n    clause: x|resources.actions.warn",
                "resources:\\n  egress:\\n    max_mbit_per_sec: 100\\n    throttle_floor_mbit_per_sec: 200\\n    clause: x|resources.egress.throttle_floor_mbit_per_sec",
                "resources:\\n  contention:\\n    host_cpu_percent: 150\\n    clause: x|resources.contention.host_cpu_percent",
                "resources:\\n  cpu:\\n    sustained: 10s\\n    clause: x|resources.cpu.sustained",
                "resources:\\n  disks: {}|resources.disks",
            })
    void invalidKeyIsNamedWithFileAndReason(String body, String key) {
        String yaml = "contract: bad\n" + body.replace("\\n", "\n") + "\n";
        PolicyException e =
                catchThrowableOfType(
                        () -> PolicyLoader.parse("policies/bad.yml", yaml), PolicyException.class);
        assertThat(e).as(yaml).isNotNull();
        assertThat(e.file()).isEqualTo("policies/bad.yml");
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith("policies/bad.yml: " + key + " = ");
    }

    @org.junit.jupiter.api.Test
    void theRetiredMinSamplesKeySaysWhatReplacedIt() {
        String yaml = "contract: bad\nspam:\n  anomaly:\n    min_samples: 12\n    clause: x\n";
        PolicyException e =
                catchThrowableOfType(
                        () -> PolicyLoader.parse("policies/bad.yml", yaml), PolicyException.class);
        assertThat(e.getMessage()).contains("replaced by min_history").contains("24h");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"''|", "'title: x'|contract", "'contract: Bad Name'|contract", "'[1, 2'|"})
    void fileLevelErrorsNameTheFile(String yaml, String key) {
        PolicyException e =
                catchThrowableOfType(
                        () -> PolicyLoader.parse("p.yml", yaml), PolicyException.class);
        assertThat(e).isNotNull();
        assertThat(e.file()).isEqualTo("p.yml");
        assertThat(e.key()).isEqualTo(key == null ? "" : key);
    }
}
