package dev.vpsguard.agent.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * A tiny HTTP receiver on 127.0.0.1 standing in for the vpsguard server. Records every request,
 * answers through a function tests can swap. {@link #stop()} and {@link #start()} reuse the port,
 * so tests can take the server down and bring it back.
 */
public final class FakeServer implements AutoCloseable {
    /** One request as received; {@code body} is gunzipped when the request said gzip. */
    public record Request(
            String method,
            String path,
            Map<String, List<String>> headers,
            byte[] rawBody,
            byte[] body) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** An answer. */
    public record Answer(int status, String body) {}

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Answer> responder;
    private int port;
    private HttpServer server;

    public FakeServer(Function<Request, Answer> responder) throws IOException {
        this.responder = responder;
        start();
    }

    public void respond(Function<Request, Answer> responder) {
        this.responder = responder;
    }

    public synchronized void start() throws IOException {
        server =
                HttpServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        port = server.getAddress().getPort();
        server.createContext(
                "/",
                ex -> {
                    try (ex) {
                        byte[] raw = ex.getRequestBody().readAllBytes();
                        String enc = ex.getRequestHeaders().getFirst("Content-Encoding");
                        byte[] body = raw;
                        if ("gzip".equals(enc)) {
                            try (InputStream in =
                                    new GZIPInputStream(new ByteArrayInputStream(raw))) {
                                body = in.readAllBytes();
                            }
                        }
                        Request r =
                                new Request(
                                        ex.getRequestMethod(),
                                        ex.getRequestURI().getPath(),
                                        Map.copyOf(ex.getRequestHeaders()),
                                        raw,
                                        body);
                        requests.add(r);
                        Answer a = responder.apply(r);
                        byte[] out = a.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        ex.getResponseHeaders().set("Content-Type", "application/json");
                        ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
                        if (out.length > 0) {
                            ex.getResponseBody().write(out);
                        }
                    }
                });
        server.start();
    }

    public synchronized void stop() {
        server.stop(0);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
