package dev.vpsguard.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ReportEncoderTest {
    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void eachEncodingIsAWholeGzipMemberAlthoughTheDeflaterIsReused() throws IOException {
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 200_000; i++) {
            big.append("{\"vmid\":").append(i).append(",\"cpu\":").append(i * 7 % 13).append('}');
        }
        byte[] first = big.toString().getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"seq\":2}".getBytes(StandardCharsets.UTF_8);

        byte[] a = ReportEncoder.gzip(first);
        byte[] b = ReportEncoder.gzip(second);

        // GZIPInputStream checks the CRC and length trailer.
        assertThat(gunzip(a)).isEqualTo(first);
        assertThat(gunzip(b)).isEqualTo(second);
        assertThat(a.length).isLessThan(first.length / 4);
    }
}
