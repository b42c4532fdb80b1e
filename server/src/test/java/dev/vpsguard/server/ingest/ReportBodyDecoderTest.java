package dev.vpsguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.server.Agents;
import dev.vpsguard.server.api.ApiException;
import io.micronaut.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ReportBodyDecoderTest {
    private final ReportBodyDecoder decoder = new ReportBodyDecoder(4096, 16384);

    private static HttpStatus statusOf(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.status();
        }
        throw new AssertionError("no ApiException");
    }

    @Test
    void identityBodyIsReturnedAsIs() {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(decoder.decode(json, null)).isEqualTo(json);
        assertThat(decoder.decode(json, "identity")).isEqualTo(json);
    }

    @Test
    void gzipBodyIsInflated() {
        byte[] json = "{\"a\":1}".repeat(100).getBytes(StandardCharsets.UTF_8);
        assertThat(decoder.decode(Agents.gzip(json), "GZIP")).isEqualTo(json);
    }

    @Test
    void bodyOverTheWireLimitIs413() {
        assertThat((Object) statusOf(() -> decoder.decode(new byte[4097], null)))
                .isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    }

    @Test
    void inflatingPastTheLimitStopsWith413() {
        byte[] bomb = Agents.gzip(new byte[16385]);
        assertThat(bomb.length).isLessThan(4096);
        assertThat((Object) statusOf(() -> decoder.decode(bomb, "gzip")))
                .isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(decoder.decode(Agents.gzip(new byte[16384]), "gzip")).hasSize(16384);
    }

    @Test
    void truncatedGzipIs400() {
        byte[] gz = Agents.gzip("{\"a\":1}".repeat(50).getBytes(StandardCharsets.UTF_8));
        assertThat(
                        (Object)
                                statusOf(
                                        () ->
                                                decoder.decode(
                                                        Arrays.copyOf(gz, gz.length / 2), "gzip")))
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void otherEncodingsAre415() {
        assertThatThrownBy(() -> decoder.decode(new byte[1], "deflate"))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    @Property(tries = 300)
    void randomBytesDecodeOrFailWithAClientError(@ForAll @Size(max = 5000) byte[] body) {
        for (String encoding : new String[] {null, "gzip"}) {
            try {
                byte[] out = decoder.decode(body, encoding);
                assertThat(out.length).isLessThanOrEqualTo(16384);
            } catch (ApiException e) {
                assertThat(e.status().getCode()).isBetween(400, 499);
            }
        }
    }
}
