package dev.vpsguard.server.notify.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** A real HTTP receiver on 127.0.0.1 that records every request and answers a chosen status. */
public final class Receiver implements AutoCloseable {
    /** One request as received. */
    public record Request(Map<String, List<String>> headers, byte[] body, int answeredStatus) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /**
     * @param status chooses the status of each request, in order
     */
    public Receiver(IntSupplier status) throws IOException {
        this(status, 1);
    }

    /**
     * @param status chooses the status of each request (called on the handling thread, so it may
     *     also make the answer slow)
     * @param threads requests handled at once
     */
    public Receiver(IntSupplier status, int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.threads = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        server.setExecutor(this.threads);
        server.createContext(
                "/hook",
                exchange -> {
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                        byte[] body = exchange.getRequestBody().readAllBytes();
                        int s = status.getAsInt();
                        requests.add(
                                new Request(Map.copyOf(exchange.getRequestHeaders()), body, s));
                        exchange.sendResponseHeaders(s, -1);
                        exchange.close();
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
        server.start();
    }

    /** The most requests this receiver was handling at one time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests answered with a 2xx: what the receiver counts as delivered. */
    public List<Request> delivered() {
        return requests.stream()
                .filter(r -> r.answeredStatus() >= 200 && r.answeredStatus() < 300)
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
