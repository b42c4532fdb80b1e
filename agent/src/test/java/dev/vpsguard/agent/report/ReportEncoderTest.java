package dev.vpsguard.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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

    @Test
    void aReportEncodesToItsProtocolJson() throws IOException {
        Report report =
                new Report(
                        ProtocolJson.VERSION,
                        "host-1",
                        7,
                        Instant.parse("2026-12-04T10:00:00.125Z"),
                        new HostSample(
                                12.5, 16, 0.25, null, null, null, null, null, null, null, null),
                        List.of(
                                new GuestSample(
                                        101,
                                        GuestKind.QEMU,
                                        "g101",
                                        GuestStatus.RUNNING,
                                        2,
                                        2L << 30,
                                        List.of(),
                                        null,
                                        null)),
                        null,
                        null,
                        "0b6b1c1e-6c5a-4d8e-9f3a-2b7c8d9e0f1a");

        byte[] once = ReportEncoder.encode(report);
        byte[] again = ReportEncoder.encode(report);

        assertThat(gunzip(once)).isEqualTo(ProtocolJson.write(report));
        assertThat(again).isEqualTo(once);
    }
}
