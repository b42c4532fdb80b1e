package dev.vpsguard.server.ladder;

import dev.vpsguard.server.detect.SpamFinding;
import dev.vpsguard.server.detect.SpamRule;
import java.time.Instant;
import java.util.Set;

/** Spam findings for ladder tests. */
final class Findings {
    private Findings() {}

    static SpamFinding at(Instant end) {
        return new SpamFinding(
                end.minusSeconds(600),
                end,
                3.3,
                Set.of(SpamRule.BURST),
                200,
                300,
                240,
                400,
                0.6,
                Double.NaN,
                1,
                2,
                "powerpos Art. 8 / S6");
    }
}
