package dev.vpsguard.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Random and mangled policy text gives a policy or a {@link PolicyException}, nothing else. */
class PolicyFuzzTest {

    @Property(tries = 300)
    void arbitraryTextGivesAPolicyOrAPolicyException(@ForAll String text) {
        try {
            assertThat(PolicyLoader.parse("fuzz.yml", text)).isNotNull();
        } catch (PolicyException expected) {
            assertThat(expected.file()).isEqualTo("fuzz.yml");
        }
    }

    @Property(tries = 200)
    void mangledValidFileGivesAPolicyOrAPolicyException(
            @ForAll("cuts") int cut, @ForAll char inserted) {
        String base =
                "contract: m\nspam:\n  clause: x\n  burst:\n    new_connections_per_minute: 60\n"
                        + "    clause: y\nladder:\n  clause: z\n  rungs:\n    - {min_duration: 1h,"
                        + " unblock: on_request, clause: a}\n    - {min_duration: 2h, unblock: refused,"
                        + " clause: b}\n  refusal_rung: 2\n";
        int at = Math.min(cut, base.length());
        String text = base.substring(0, at) + inserted + base.substring(at);
        try {
            assertThat(PolicyLoader.parse("m.yml", text).contract()).isNotBlank();
        } catch (PolicyException expected) {
            assertThat(expected.getMessage()).startsWith("m.yml: ");
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> cuts() {
        return net.jqwik.api.Arbitraries.integers().between(0, 250);
    }
}
