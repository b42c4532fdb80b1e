package dev.vpsguard.agent.report;

import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Encodes a report as it travels and is spooled: protocol JSON, gzip-compressed. */
public final class ReportEncoder {
    private ReportEncoder() {}

    /** The report as gzip-compressed UTF-8 JSON. */
    public static byte[] encode(Report report) {
        byte[] json = ProtocolJson.write(report);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
