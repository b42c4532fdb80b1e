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
    void valuesAreWrittenAsSimpleclientWritesADoubleButWholeNumbersInFull() {
        ExpositionBuffer b = new ExpositionBuffer(8);
        double[] values = {0.125, 1e-9, 5321.251234, 1e300, 0x1p53};
        for (double v : values) {
            b.value(v).append(' ');
        }
        b.value(0).append(' ').value(42).append(' ').value(-3).append(' ');
        b.value(536870912).append(' ').value(9.1e9).append(' ').value(0x1p53 - 1).append(' ');
        b.value(Double.NaN).append(' ').value(Double.POSITIVE_INFINITY).append(' ');
        b.value(Double.NEGATIVE_INFINITY);
        StringBuilder expected = new StringBuilder();
        for (double v : values) {
            expected.append(Double.toString(v)).append(' ');
        }
        expected.append("0.0 42.0 -3.0 536870912.0 9100000000.0 9007199254740991.0 ");
        expected.append("NaN +Inf -Inf");
        assertThat(text(b)).isEqualTo(expected.toString());
        // whole numbers in full are the same values to a parser
        for (String v : text(b).split(" ")) {
            if (!v.endsWith("Inf") && !v.equals("NaN")) {
                assertThat(Double.parseDouble(v)).isFinite();
            }
        }
    }

    @Test
    void microsecondsAreWrittenAsSecondsThatParseToTheSameDoubleAsTheDivision() {
        long[] micros = {
            0,
            1,
            50,
            999_999,
            1_000_000,
            1_000_050,
            5_321_251_234L,
            8_123_456_789L,
            Long.MAX_VALUE,
            123_456_789_012_345L
        };
        ExpositionBuffer b = new ExpositionBuffer(8);
        for (long m : micros) {
            b.seconds(m).append(' ');
        }
        String[] written = text(b).split(" ");
        for (int i = 0; i < micros.length; i++) {
            assertThat(Double.parseDouble(written[i])).isEqualTo(micros[i] / 1_000_000.0);
        }
        assertThat(written).startsWith("0.0", "0.000001", "0.00005", "0.999999", "1.0", "1.00005");
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
