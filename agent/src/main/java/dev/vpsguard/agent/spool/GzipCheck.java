package dev.vpsguard.agent.spool;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Whether bytes are one whole gzip stream: every block inflates and the CRC and length match. */
final class GzipCheck {
    private GzipCheck() {}

    static void requireWhole(byte[] body) throws IOException {
        if (body.length == 0) {
            throw new IOException("empty file (written but not synced before a power cut?)");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 4096)) {
            byte[] sink = new byte[4096];
            while (in.read(sink) >= 0) {
                // reading to the end checks the trailer's CRC and length
            }
        } catch (IOException e) {
            throw new IOException("not a whole gzip stream: " + e.getMessage(), e);
        }
    }
}
