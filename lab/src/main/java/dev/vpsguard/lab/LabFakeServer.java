package dev.vpsguard.lab;

import com.sun.net.httpserver.HttpServer;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.ReportReply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in for the vpsguard server, run as its own process inside the lab's {@code hv} namespace
 * (the agent's network namespace), because a server in the test JVM's namespace cannot be reached
 * from there. It answers {@code POST /api/v1/reports} with the desired state read from a file the
 * test rewrites, and records every report received as {@code report-<seq>.json} plus {@code
 * served.log} lines {@code <version> <epoch millis>} when a state version is served for the first
 * time.
 *
 * <p>Usage: {@code LabFakeServer --listen 127.0.0.1:8080 --state FILE --reports DIR}.
 */
public final class LabFakeServer {
    private LabFakeServer() {}

    public static void main(String[] args) throws IOException {
        String listen = null;
        Path state = null;
        Path reports = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--listen" -> listen = args[i + 1];
                case "--state" -> state = Path.of(args[i + 1]);
                case "--reports" -> reports = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (listen == null || state == null || reports == null) {
            System.err.println("usage: LabFakeServer --listen ip:port --state FILE --reports DIR");
            System.exit(2);
        }
        Files.createDirectories(reports);
        int c = listen.lastIndexOf(':');
        HttpServer server =
                HttpServer.create(
                        new InetSocketAddress(
                                listen.substring(0, c), Integer.parseInt(listen.substring(c + 1))),
                        16);
        Path stateFile = state;
        Path dir = reports;
        long[] lastServed = {-1};
        server.createContext(
                "/api/v1/reports",
                ex -> {
                    try (ex) {
                        byte[] body = ex.getRequestBody().readAllBytes();
                        if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                            try (InputStream in =
                                    new GZIPInputStream(new ByteArrayInputStream(body))) {
                                body = in.readAllBytes();
                            }
                        }
                        Report report = ProtocolJson.read(body, Report.class);
                        Path tmp = dir.resolve("tmp-" + report.seq());
                        Files.write(tmp, body);
                        Files.move(
                                tmp,
                                dir.resolve(String.format("report-%08d.json", report.seq())),
                                StandardCopyOption.ATOMIC_MOVE);
                        DesiredState desired = readState(stateFile);
                        synchronized (lastServed) {
                            if (desired != null && desired.version() != lastServed[0]) {
                                lastServed[0] = desired.version();
                                Files.writeString(
                                        dir.resolve("served.log"),
                                        desired.version() + " " + System.currentTimeMillis() + "\n",
                                        StandardCharsets.UTF_8,
                                        StandardOpenOption.CREATE,
                                        StandardOpenOption.APPEND);
                            }
                        }
                        byte[] out =
                                ProtocolJson.write(new ReportReply(report.seq(), false, desired));
                        ex.getResponseHeaders().set("Content-Type", "application/json");
                        ex.sendResponseHeaders(200, out.length);
                        ex.getResponseBody().write(out);
                    } catch (Exception e) {
                        System.err.println("fake server: " + e);
                        ex.sendResponseHeaders(400, -1);
                    }
                });
        server.start();
        System.out.println("READY");
        System.out.flush();
    }

    private static DesiredState readState(Path file) throws IOException {
        try {
            return ProtocolJson.read(Files.readAllBytes(file), DesiredState.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (dev.vpsguard.protocol.InvalidMessageException e) {
            throw new IOException(e);
        }
    }
}
