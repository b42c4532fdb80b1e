package dev.vpsguard.agent.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Real sockets on 127.0.0.1, random port. */
class NoticeResponderTest {
    static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    static Socket connect(InetSocketAddress at) throws IOException {
        Socket s = new Socket();
        s.connect(at, 2000);
        s.setSoTimeout(5000);
        return s;
    }

    static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    }

    @Test
    void guestGetsItsOwnNoticeByItsSourceAddressAndByeOnQuit() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Map<InetAddress, String> notices = Map.of(loopback, "Spam from 127.0.0.1, ticket 7");
        try (NoticeResponder responder =
                        new NoticeResponder(
                                NoticeResponderConfig.defaults(ANY_PORT), notices::get);
                Socket s = connect(responder.start())) {
            BufferedReader in = reader(s);
            assertThat(in.readLine()).isEqualTo("554 5.7.1 Spam from 127.0.0.1, ticket 7");
            OutputStream out = s.getOutputStream();
            out.write("EHLO me\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("554 5.7.1 Spam from 127.0.0.1, ticket 7");
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("221 2.0.0 Bye");
            assertThat(in.read()).as("closed after Bye").isEqualTo(-1);
        }
    }

    @Test
    void connectionsOverTheCapAreRefusedWith421() throws Exception {
        NoticeResponderConfig config =
                new NoticeResponderConfig(ANY_PORT, Duration.ofSeconds(10), 1, 30, 1000, 4);
        try (NoticeResponder responder = new NoticeResponder(config, a -> "blocked")) {
            InetSocketAddress at = responder.start();
            try (Socket first = connect(at);
                    Socket second = connect(at)) {
                assertThat(reader(first).readLine()).startsWith("554 5.7.1 blocked");
                BufferedReader in2 = reader(second);
                assertThat(in2.readLine()).isEqualTo(ConnectionGate.BUSY_TEXT);
                assertThat(in2.read()).isEqualTo(-1);
            }
            // Once the first is gone its slot is free again; poll with a deadline for the close.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            String line = null;
            while (System.nanoTime() < deadline) {
                try (Socket again = connect(at)) {
                    line = reader(again).readLine();
                }
                if (line != null && line.startsWith("554")) {
                    break;
                }
            }
            assertThat(line).startsWith("554 5.7.1 blocked");
        }
    }

    @Test
    void sourceRateLimitAllowsTheLimitPerWindowThenRecovers() throws Exception {
        AtomicLong now = new AtomicLong();
        Ticker ticker = now::get;
        SourceRateLimiter limiter = new SourceRateLimiter(2, Duration.ofMinutes(1), 100, ticker);
        InetAddress a = InetAddress.getByName("198.51.100.101");
        InetAddress b = InetAddress.getByName("198.51.100.102");
        assertThat(limiter.tryAcquire(a)).isTrue();
        assertThat(limiter.tryAcquire(a)).isTrue();
        assertThat(limiter.tryAcquire(a)).isFalse();
        assertThat(limiter.tryAcquire(b)).as("other sources unaffected").isTrue();
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(limiter.tryAcquire(a)).isTrue();
    }

    @Test
    void secondStartIsRejectedAndCloseStopsListening() throws Exception {
        NoticeResponder responder =
                new NoticeResponder(NoticeResponderConfig.defaults(ANY_PORT), a -> "x");
        InetSocketAddress at = responder.start();
        assertThat(responder.isRunning()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(responder::start)
                .isInstanceOf(IllegalStateException.class);
        responder.close();
        assertThat(responder.isRunning()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> connect(at).close())
                .isInstanceOf(IOException.class);
    }
}
