package dev.vpsguard.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TextFormatsTest {
    private final TextFormats fr = new TextFormats(Language.FR, ZoneId.of("Europe/Paris"));
    private final TextFormats en = new TextFormats(Language.EN, ZoneId.of("Europe/Paris"));

    @Test
    void ladderDurationsReadAsTheRungsDo() {
        assertThat(fr.duration(Duration.ofHours(1))).isEqualTo("1 heure");
        assertThat(fr.duration(Duration.ofHours(24))).isEqualTo("24 heures");
        assertThat(fr.duration(Duration.ofDays(7))).isEqualTo("7 jours");
        assertThat(en.duration(Duration.ofHours(1))).isEqualTo("1 hour");
        assertThat(en.duration(Duration.ofHours(24))).isEqualTo("24 hours");
        assertThat(en.duration(Duration.ofDays(7))).isEqualTo("7 days");
        assertThat(en.duration(Duration.ofMinutes(90))).isEqualTo("90 minutes");
        assertThat(en.duration(Duration.ZERO)).isEqualTo("0 seconds");
        assertThat(fr.duration(Duration.ZERO)).isEqualTo("0 seconde");
    }

    @Test
    void numbersAndPercentagesFollowTheLanguage() {
        assertThat(fr.number(1234.56)).isEqualTo("1\u202f234,6");
        assertThat(en.number(1234.56)).isEqualTo("1,234.6");
        assertThat(fr.percent(0.63)).isEqualTo("63\u00a0%");
        assertThat(en.percent(0.63)).isEqualTo("63%");
    }
}
