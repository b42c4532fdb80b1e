package dev.vpsguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.ReportReply;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.testing.HttpLines;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent keeps one connection to the server for its reports (docs/decisions.md, "Agent:
 * footprint"): the server must answer report after report on one HTTP/1.1 connection. Raw socket,
 * so nothing between the test and the server decides about the connection.
 */
class ReportKeepAliveTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A response: status, headers (lower-case names), body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {}

    @Test
    void twoGzippedReportsAreAnsweredOnOneConnection() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "keepalive");
        URI uri = server.uri("/api/v1/reports");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), uri.getPort())) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (long seq = 1; seq <= 2; seq++) {
                byte[] body =
                        Agents.gzip(
                                Agents.reportJson(host.hostId(), seq, server.clock().instant()));
                send(s.getOutputStream(), uri, host.credential(), body);
                Answer a = read(in);

                assertThat(a.status())
                        .as(new String(a.body(), StandardCharsets.UTF_8))
                        .isEqualTo(200);
                assertThat(a.headers().getOrDefault("connection", ""))
                        .isNotEqualToIgnoringCase("close");
                assertThat(ProtocolJson.read(a.body(), ReportReply.class).seq()).isEqualTo(seq);
            }
        }
    }

    private static void send(OutputStream out, URI uri, String credential, byte[] body)
            throws IOException {
        String head =
                "POST "
                        + uri.getPath()
                        + " HTTP/1.1\r\nHost: 127.0.0.1:"
                        + uri.getPort()
                        + "\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                        + "Authorization: Bearer "
                        + credential
                        + "\r\nContent-Length: "
                        + body.length
                        + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static Answer read(InputStream in) throws IOException {
        String status = HttpLines.line(in);
        Map<String, String> headers = new HashMap<>();
        String line;
        while (!(line = HttpLines.line(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int size;
            while ((size = Integer.parseInt(HttpLines.line(in).trim(), 16)) > 0) {
                b.write(in.readNBytes(size));
                HttpLines.line(in);
            }
            HttpLines.line(in);
            body = b.toByteArray();
        } else {
            body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        }
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, body);
    }
}
