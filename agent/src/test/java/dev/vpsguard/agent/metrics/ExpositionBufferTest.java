package dev.vpsguard.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExpositionBufferTest {
    private static String text(ExpositionBuffer b) {
        return new String(b.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void textIsWrittenAsUtf8AsStringGetBytesWouldWriteIt() {
        String name = "web-été-日本-\uD83D\uDE00-lone\uD800-end";
        ExpositionBuffer b = new ExpositionBuffer(8);
        b.append(name);
        assertThat(b.toByteArray()).isEqualTo(name.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void labelValuesEscapeBackslashQuoteAndNewlineOnly() {
        ExpositionBuffer b = new ExpositionBuffer(8);
        b.labelValue("a\\b\"c\nd é\uD83D\uDE00");
        assertThat(text(b)).isEqualTo("a\\\\b\\\"c\\nd é\uD83D\uDE00");
    }

    @Test
    void valuesAreWrittenAsSimpleclientWritesADouble() {
        ExpositionBuffer b = new ExpositionBuffer(8);
        double[] values = {0, 42, -3, 0.125, 9_999_999, 1e7, 536870912, 9.1e9, 1e-9, 5321.251234};
        for (double v : values) {
            b.value(v).append(' ');
        }
        b.value(Double.NaN).append(' ').value(Double.POSITIVE_INFINITY).append(' ');
        b.value(Double.NEGATIVE_INFINITY);
        StringBuilder expected = new StringBuilder();
        for (double v : values) {
            expected.append(Double.toString(v)).append(' ');
        }
        expected.append("NaN +Inf -Inf");
        assertThat(text(b)).isEqualTo(expected.toString());
    }

    @Test
    void integersAndResetKeepTheBufferReusable() {
        ExpositionBuffer b = new ExpositionBuffer(8);
        b.append(Long.MAX_VALUE).append(' ').append(Long.MIN_VALUE).append(' ').append(0L);
        assertThat(text(b)).isEqualTo(Long.MAX_VALUE + " " + Long.MIN_VALUE + " 0");
        b.reset();
        b.append("x").append(-7L);
        assertThat(text(b)).isEqualTo("x-7");
        assertThat(b.length()).isEqualTo(3);
    }
}
