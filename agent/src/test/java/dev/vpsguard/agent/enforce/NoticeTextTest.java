package dev.vpsguard.agent.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NoticeTextTest {
    @Test
    void lineBreaksAndControlsBecomeOneSpace() {
        assertThat(NoticeText.sanitize(" a\r\n\tb\u0000c  d ", "x")).isEqualTo("a b c d");
    }

    @Test
    void longTextIsCutSoTheReplyFitsFiveHundredTwelveOctets() {
        String text = NoticeText.sanitize("y".repeat(2000), "x");
        assertThat(text).hasSize(NoticeText.MAX_LENGTH);
        assertThat(("554 5.7.1 " + text + "\r\n").length()).isEqualTo(512);
    }

    @Test
    void blankTextFallsBack() {
        assertThat(NoticeText.sanitize(" \r\n", "See https://example.test/t/1"))
                .isEqualTo("See https://example.test/t/1");
        assertThat(NoticeText.sanitize(null, null)).isEqualTo(NoticeText.DEFAULT);
    }

    @Property
    void anyTextGivesOnePrintableAsciiLineThatFits(@ForAll String text) {
        String clean = NoticeText.sanitize(text, null);
        assertThat(clean).isNotBlank().hasSizeLessThanOrEqualTo(NoticeText.MAX_LENGTH);
        assertThat(clean.chars()).allMatch(c -> c >= 0x20 && c < 0x7F);
        assertThat(clean).doesNotStartWith(" ").doesNotEndWith(" ");
    }
}
