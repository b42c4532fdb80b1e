package dev.vpsguard.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.lab.Lab;
import dev.vpsguard.lab.LabExtension;
import dev.vpsguard.lab.RealMtaProfile;
import dev.vpsguard.lab.RealMtaScenario;
import java.io.IOException;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Detection proven against real mail software: Debian's Postfix and Exim in the lab's guests, and
 * bots, send at once through the bridge while the real agent and the packaged server watch ({@link
 * RealMtaRun}). A declared and an undeclared newsletter, a web shop, a small office, a mailing list
 * with bouncing addresses and a server sending through a smarthost must never be blocked; a fast
 * bot, a low-and-slow bot and a compromised web application spamming through its guest's Postfix
 * must be, and each must meet the {@code 554 5.7.1} notice (or its throttled {@code 421 4.7.1}).
 * Needs root, Postfix and the unpacked Exim ({@code scripts/setup-debian.sh}); skipped otherwise
 * with the reason. About two and a half minutes.
 */
class RealMtaLabTest {
    @RegisterExtension
    static final LabExtension LAB = new LabExtension(RealMtaScenario::labBuilder);

    @Test
    void noLegitimateMailServerIsBlockedAndEveryBotIs(Lab lab) throws IOException {
        Assumptions.assumeTrue(
                RealMtaScenario.missing().isEmpty(),
                () -> "real-MTA lab skipped: " + RealMtaScenario.missing().get());
        List<RealMtaRun.Outcome> outcomes = RealMtaRun.run(lab);
        outcomes.forEach(o -> System.out.println("REALMTA " + o));
        assertThat(outcomes).hasSize(RealMtaProfile.ALL.size());
        SoftAssertions soft = new SoftAssertions();
        for (RealMtaRun.Outcome o : outcomes) {
            if (o.profile().legitimate()) {
                soft.assertThat(o.blocked())
                        .as("legitimate %s must not be blocked: %s", o.profile().name(), o)
                        .isFalse();
            } else {
                soft.assertThat(o.blocked())
                        .as("bot %s must be blocked: %s", o.profile().name(), o)
                        .isTrue();
                soft.assertThat(o.millisToNotice())
                        .as("bot %s meets the 554 notice: %s", o.profile().name(), o)
                        .isPresent();
            }
        }
        soft.assertAll();
    }
}
