package dev.vpsguard.server.ingest;

import dev.vpsguard.server.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Turns a report's raw body into JSON bytes: checks the size on the wire, and gunzips when the body
 * says {@code Content-Encoding: gzip}, stopping as soon as the output passes its limit, so a zip
 * bomb costs at most that many bytes of memory. Pure: bytes in, bytes out.
 */
public final class ReportBodyDecoder {
    private final long maxCompressedBytes;
    private final long maxDecompressedBytes;

    public ReportBodyDecoder(long maxCompressedBytes, long maxDecompressedBytes) {
        this.maxCompressedBytes = maxCompressedBytes;
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    /**
     * @param body the body as received
     * @param contentEncoding the {@code Content-Encoding} header (null or {@code identity} for
     *     none)
     * @return the JSON bytes
     * @throws ApiException 413 past a limit, 415 for an encoding other than gzip, 400 for a corrupt
     *     gzip stream
     */
    public byte[] decode(byte[] body, @Nullable String contentEncoding) {
        if (body.length > maxCompressedBytes) {
            throw ApiException.payloadTooLarge(
                    "body is " + body.length + " bytes, the limit is " + maxCompressedBytes);
        }
        String encoding =
                contentEncoding == null
                        ? "identity"
                        : contentEncoding.strip().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "", "identity":
                if (body.length > maxDecompressedBytes) {
                    throw ApiException.payloadTooLarge(
                            "body is "
                                    + body.length
                                    + " bytes, the limit is "
                                    + maxDecompressedBytes);
                }
                return body;
            case "gzip", "x-gzip":
                return gunzip(body);
            default:
                throw ApiException.unsupportedMediaType(
                        "Content-Encoding " + contentEncoding + " is not supported; use gzip");
        }
    }

    private byte[] gunzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length * 4, 1 << 16));
        byte[] buffer = new byte[8192];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxDecompressedBytes) {
                    throw ApiException.payloadTooLarge(
                            "decompressed body exceeds the limit of "
                                    + maxDecompressedBytes
                                    + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw ApiException.invalidField(null, "body is not valid gzip: " + e.getMessage());
        }
        return out.toByteArray();
    }
}
