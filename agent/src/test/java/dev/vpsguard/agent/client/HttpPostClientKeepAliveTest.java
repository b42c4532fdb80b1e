package dev.vpsguard.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.testing.HttpLines;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The report client keeps its connection between requests, and opens a new one when the server
 * closed it. The server is a raw socket loop on 127.0.0.1, so each test decides exactly what a
 * connection does after each answer and sees which connection carried which request.
 */
class HttpPostClientKeepAliveTest {
    /** What the server does with a connection after reading its n-th request (from 1). */
    enum After {
        ANSWER,
        ANSWER_WITH_CONNECTION_CLOSE,
        CLOSE_WITHOUT_ANSWER
    }

    private RawServer server;
    private HttpPostClient client;

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private HttpReply post(String body) throws IOException {
        return client.post(
                "/api/v1/reports",
                body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
    }

    private void start(After... plan) throws IOException {
        server = new RawServer(plan);
        client =
                new HttpPostClient(
                        URI.create("http://127.0.0.1:" + server.port()),
                        null,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5));
    }

    @Test
    void twoRequestsTravelOverOneConnection() throws Exception {
        start(After.ANSWER, After.ANSWER);

        assertThat(post("{\"n\":1}").status()).isEqualTo(200);
        assertThat(post("{\"n\":2}").status()).isEqualTo(200);

        assertThat(server.requests).extracting(Req::body).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(server.requests).extracting(Req::connection).containsExactly(1, 1);
        assertThat(server.requests.get(0).connectionHeader()).isNull();
        assertThat(client.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void aConnectionTheServerClosedWithoutAnswerIsReplacedAndTheRequestSentAgain()
            throws Exception {
        // The second request finds the kept connection and the server closes it unanswered, as a
        // server closing an idle connection does when the request crosses its close.
        start(After.ANSWER, After.CLOSE_WITHOUT_ANSWER, After.ANSWER);

        assertThat(post("{\"n\":1}").status()).isEqualTo(200);
        HttpReply second = post("{\"n\":2}");

        assertThat(second.status()).isEqualTo(200);
        assertThat(server.requests)
                .extracting(Req::body)
                .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":2}");
        assertThat(server.requests).extracting(Req::connection).containsExactly(1, 1, 2);
        assertThat(client.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void anAnswerWithConnectionCloseIsNotReused() throws Exception {
        start(After.ANSWER_WITH_CONNECTION_CLOSE, After.ANSWER);

        assertThat(post("{\"n\":1}").status()).isEqualTo(200);
        assertThat(post("{\"n\":2}").status()).isEqualTo(200);

        assertThat(server.requests).extracting(Req::connection).containsExactly(1, 2);
        assertThat(client.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void aServerGoneFailsTheRequestInsteadOfLooping() throws Exception {
        start(After.ANSWER);
        assertThat(post("{\"n\":1}").status()).isEqualTo(200);
        server.close();

        assertThatThrownBy(() -> post("{\"n\":2}")).isInstanceOf(IOException.class);
        assertThat(server.requests).hasSize(1);
    }

    /** One request as the server read it, with the number of the connection (from 1). */
    record Req(int connection, String body, String connectionHeader) {}

    /** A one-thread HTTP/1.1 server that follows a plan, one step per request read. */
    static final class RawServer implements AutoCloseable {
        final List<Req> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket socket;
        private final After[] plan;
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread thread;
        private volatile Socket current;

        RawServer(After... plan) throws IOException {
            this.plan = plan;
            this.socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            this.thread = new Thread(this::serve, "raw-http");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    current = s;
                    int conn = connections.incrementAndGet();
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    while (true) {
                        Req r = read(conn, in);
                        if (r == null) {
                            break;
                        }
                        requests.add(r);
                        After step =
                                requests.size() <= plan.length
                                        ? plan[requests.size() - 1]
                                        : After.ANSWER;
                        if (step == After.CLOSE_WITHOUT_ANSWER) {
                            break;
                        }
                        byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
                        String head =
                                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: "
                                        + body.length
                                        + "\r\n"
                                        + (step == After.ANSWER_WITH_CONNECTION_CLOSE
                                                ? "Connection: close\r\n"
                                                : "")
                                        + "\r\n";
                        out.write(head.getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                        if (step == After.ANSWER_WITH_CONNECTION_CLOSE) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    // closed by the test, or the client went away
                }
            }
        }

        /** Reads one request, or null at the end of the connection. */
        private static Req read(int conn, InputStream in) throws IOException {
            int length = 0;
            String connectionHeader = null;
            String line;
            boolean first = true;
            while (!(line = HttpLines.line(in)).isEmpty() || first) {
                if (first && line.isEmpty()) {
                    return null;
                }
                first = false;
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                } else if (lower.startsWith("connection:")) {
                    connectionHeader = line.substring(11).trim();
                }
            }
            byte[] body = in.readNBytes(length);
            return new Req(conn, new String(body, StandardCharsets.UTF_8), connectionHeader);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            Socket s = current;
            if (s != null) {
                s.close();
            }
        }
    }
}
