package dev.vpsguard.agent.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vpsguard.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                new NoticeResponderConfig(
                        List.of(ANY_PORT), Duration.ofSeconds(10), 1, 30, 1000, 4);
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
            String line =
                    Await.value(
                            "a 554 on the freed slot",
                            Duration.ofSeconds(5),
                            () -> {
                                try (Socket again = connect(at)) {
                                    return Optional.ofNullable(reader(again).readLine())
                                            .filter(l -> l.startsWith("554"));
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
            assertThat(line).startsWith("554 5.7.1 blocked");
        }
    }

    static String greeting(InetSocketAddress at) throws IOException {
        try (Socket s = connect(at)) {
            return reader(s).readLine();
        }
    }

    @Test
    void aNewNoticeIsNotStarvedByTheAnswersSpentOnThePreviousOne() throws Exception {
        Map<InetAddress, String> notices = new java.util.concurrent.ConcurrentHashMap<>();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        notices.put(loopback, "Blocked, ticket 1");
        NoticeResponderConfig config =
                new NoticeResponderConfig(
                        List.of(ANY_PORT), Duration.ofSeconds(10), 256, 2, 1000, 4);
        try (NoticeResponder responder = new NoticeResponder(config, notices::get)) {
            InetSocketAddress at = responder.start();
            assertThat(greeting(at)).isEqualTo("554 5.7.1 Blocked, ticket 1");
            assertThat(greeting(at)).isEqualTo("554 5.7.1 Blocked, ticket 1");
            assertThat(greeting(at)).isEqualTo(ConnectionGate.BUSY_TEXT);

            // Unblocked and blocked again within the minute, with a new ticket.
            notices.put(loopback, "Blocked again, ticket 2");
            assertThat(greeting(at)).isEqualTo("554 5.7.1 Blocked again, ticket 2");
        }
    }

    @Test
    void listensOnIpv6TooAndAnswersEachFamilyByItsSource() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        Map<InetAddress, String> notices =
                Map.of(
                        InetAddress.getByName("127.0.0.1"),
                        "v4 guest, ticket 4",
                        v6,
                        "v6 guest, ticket 6");
        try (NoticeResponder responder =
                new NoticeResponder(
                        NoticeResponderConfig.defaults(ANY_PORT, new InetSocketAddress(v6, 0)),
                        notices::get)) {
            responder.start();
            List<InetSocketAddress> on = responder.listeningOn();
            assertThat(on).hasSize(2);
            assertThat(responder.isListening(true)).isTrue();
            assertThat(greeting(on.get(0))).isEqualTo("554 5.7.1 v4 guest, ticket 4");
            assertThat(greeting(on.get(1))).isEqualTo("554 5.7.1 v6 guest, ticket 6");
        }
    }

    @Test
    void anIpv6AddressThatCannotBeBoundLeavesIpv4AnsweringAndIsRetried() throws Exception {
        // Not an address of this host: the bind fails as for a removed or tentative address.
        InetSocketAddress absent =
                new InetSocketAddress(InetAddress.getByName("2001:db8::dead"), 0);
        try (NoticeResponder responder =
                new NoticeResponder(NoticeResponderConfig.defaults(ANY_PORT, absent), a -> "x")) {
            InetSocketAddress at = responder.start();
            assertThat(greeting(at)).isEqualTo("554 5.7.1 x");
            assertThat(responder.isListening(false)).isTrue();
            assertThat(responder.isListening(true)).isFalse();
            assertThat(responder.isRunning()).as("so the agent's cycle retries it").isFalse();
            assertThat(responder.ipv6Problem()).containsIgnoringCase("assign");

            responder.start();
            assertThat(responder.listeningOn()).hasSize(1);
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
        assertThat(limiter.tryAcquire(a, "ticket 2")).as("a new notice has its own").isTrue();
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
