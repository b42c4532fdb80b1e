package dev.vpsguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Instants travel as they did with jackson-datatype-jsr310: the bodies under {@code wire/} were
 * written by the build before the module was dropped ({@code InstantWireSamples}, encoded with the
 * previous {@code ProtocolJson}), and this build must write the same bytes and read them back.
 */
class InstantWireFormatTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = InstantWireFormatTest.class.getResourceAsStream("wire/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void aReportIsWrittenByteForByteAsBefore() throws Exception {
        byte[] captured = resource("instants-report.json");

        assertThat(
                        new String(
                                ProtocolJson.write(InstantWireSamples.report()),
                                StandardCharsets.UTF_8))
                .isEqualTo(new String(captured, StandardCharsets.UTF_8));
        assertThat(ProtocolJson.read(captured, Report.class))
                .isEqualTo(InstantWireSamples.report());
    }

    @Test
    void aReplyIsWrittenByteForByteAsBefore() throws Exception {
        byte[] captured = resource("instants-reply.json");

        assertThat(
                        new String(
                                ProtocolJson.write(InstantWireSamples.reply()),
                                StandardCharsets.UTF_8))
                .isEqualTo(new String(captured, StandardCharsets.UTF_8));
        assertThat(ProtocolJson.read(captured, ReportReply.class))
                .isEqualTo(InstantWireSamples.reply());
    }

    @Test
    void everyPrecisionIsInTheCapture() throws Exception {
        String body = new String(resource("instants-report.json"), StandardCharsets.UTF_8);

        assertThat(body)
                .contains("\"sentAt\":\"2026-11-22T10:00:05.123456789Z\"")
                .contains("\"start\":\"2026-11-22T10:00:05.000123Z\"")
                .contains("\"end\":\"2026-11-22T10:00:05.250Z\"")
                .contains("\"at\":\"2026-11-22T10:00:00Z\"")
                .contains("\"at\":\"2028-02-29T23:59:59.900Z\"")
                .contains("\"hostBootedAt\":\"1970-01-01T00:00:00Z\"");
    }
}
