package dev.vpsguard.server.notify.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.notify.Databases;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationJson;
import dev.vpsguard.server.notify.NotificationType;
import dev.vpsguard.server.notify.Notifications;
import dev.vpsguard.server.notify.link.UnblockLinkSigner;
import dev.vpsguard.server.notify.publish.NotificationOutbox;
import dev.vpsguard.server.notify.webhook.Receiver;
import dev.vpsguard.server.notify.webhook.WebhookEndpoint;
import dev.vpsguard.server.notify.webhook.WebhookFormat;
import dev.vpsguard.server.notify.webhook.WebhookSender;
import dev.vpsguard.testing.Await;
import dev.vpsguard.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher against H2 and a real HTTP receiver on loopback. Time is a fake clock driven by
 * the test through {@link OutboxDispatcher#runOnce}; nothing sleeps.
 */
class OutboxDispatcherTest {
    private static final String SECRET = "0123456789abcdef-secret";
    private final MutableClock clock = new MutableClock(Notifications.T0);
    private final DataSource ds = Databases.h2();
    private final JdbcOutboxStore store = new JdbcOutboxStore(ds);
    private final List<Receiver> receivers = new ArrayList<>();

    @AfterEach
    void stopReceivers() {
        receivers.forEach(Receiver::close);
    }

    private Receiver receiver(IntSupplier status) throws Exception {
        return receiver(status, 1);
    }

    private Receiver receiver(IntSupplier status, int threads) throws Exception {
        Receiver r = new Receiver(status, threads);
        receivers.add(r);
        return r;
    }

    private record Setup(NotificationOutbox outbox, OutboxDispatcher dispatcher) {}

    private Setup setup(URI url) {
        return setup(url, 1);
    }

    private Setup setup(URI url, int concurrency) {
        WebhookEndpoint ep = new WebhookEndpoint("ops", url, SECRET, Set.of(), WebhookFormat.JSON);
        UnblockLinkSigner signer =
                new UnblockLinkSigner(
                        new byte[32], clock, Duration.ofDays(7), "https://guard.example.net");
        NotificationOutbox outbox =
                new NotificationOutbox(store, false, List.of(ep), signer, clock);
        WebhookSender sender =
                new WebhookSender(ep, HttpClient.newHttpClient(), clock, Duration.ofSeconds(5));
        OutboxDispatcher d =
                new OutboxDispatcher(
                        store,
                        Map.of(ep.channel(), sender),
                        RetryPolicy.DEFAULT,
                        clock,
                        50,
                        Duration.ofMinutes(2),
                        concurrency,
                        () -> 0.5);
        return new Setup(outbox, d);
    }

    private void enqueue(NotificationOutbox outbox, Notification n) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            outbox.enqueue(c, n);
            c.commit();
        }
    }

    /** Runs passes, moving the clock to each item's next attempt, until nothing is pending. */
    private void drain(OutboxDispatcher d, int maxPasses) {
        for (int i = 0; i < maxPasses; i++) {
            d.runOnce(clock.instant());
            clock.advance(Duration.ofMinutes(1));
        }
    }

    @Test
    void receiverFailingThreeTimesGetsTheEventOnceWithTheSameId() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Receiver r = receiver(() -> calls.incrementAndGet() <= 3 ? 500 : 200);
        Setup s = setup(r.url());
        Notification n = Notifications.of(NotificationType.BLOCK_CREATED, 101);
        enqueue(s.outbox(), n);

        assertThat(s.dispatcher().runOnce(clock.instant()).retried()).isEqualTo(1);
        drain(s.dispatcher(), 30);

        assertThat(r.requests()).hasSize(4);
        assertThat(r.delivered()).hasSize(1);
        assertThat(r.requests())
                .extracting(q -> q.header("X-Vpsguard-Event-Id"))
                .containsOnly(n.id().toString());
        assertThat(store.findByNotification(n.id()))
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.status()).isEqualTo(OutboxItem.Status.DELIVERED);
                            assertThat(o.attempts()).isEqualTo(4);
                        });
    }

    @Test
    void receiverThatNeverSucceedsEndsInTheDeadLetterListAfter24Hours() throws Exception {
        Receiver r = receiver(() -> 503);
        Setup s = setup(r.url());
        Notification n = Notifications.of(NotificationType.HOST_SILENT, 101);
        enqueue(s.outbox(), n);

        int passes = 0;
        while (store.listDeadLetters(10).isEmpty() && passes++ < 500) {
            s.dispatcher().runOnce(clock.instant());
            clock.advance(Duration.ofMinutes(5));
        }
        assertThat(store.listDeadLetters(10))
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.notificationId()).isEqualTo(n.id());
                            assertThat(d.lastError()).contains("HTTP 503");
                        });
        assertThat(clock.instant()).isAfter(Notifications.T0.plus(Duration.ofHours(23)));
        assertThat(clock.instant()).isBefore(Notifications.T0.plus(Duration.ofHours(26)));
        assertThat(r.delivered()).isEmpty();
        int attempts = r.requests().size();
        // Backoff: 30 s doubling to 1 h gives about 30 attempts in 24 h, not one per pass.
        assertThat(attempts).isBetween(20, 40);
        drain(s.dispatcher(), 10);
        assertThat(r.requests()).hasSize(attempts);
    }

    @Test
    void perGuestOrderHoldsWhileAnEarlierItemRetries() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Receiver r = receiver(() -> calls.incrementAndGet() == 1 ? 502 : 200);
        Setup s = setup(r.url());
        Notification first = Notifications.of(NotificationType.BLOCK_CREATED, 101);
        Notification second = Notifications.of(NotificationType.UNBLOCK_GRANTED, 101);
        Notification other = Notifications.of(NotificationType.BLOCK_CREATED, 202);
        enqueue(s.outbox(), first);
        s.dispatcher().runOnce(clock.instant()); // first fails, retry in 30 s
        enqueue(s.outbox(), second);
        enqueue(s.outbox(), other);

        s.dispatcher().runOnce(clock.instant().plusSeconds(5));
        // Guest 202 is not held up by guest 101; the second event of 101 waits for the first.
        assertThat(eventIds(r)).containsExactly(first.id().toString(), other.id().toString());

        clock.advance(Duration.ofSeconds(31));
        s.dispatcher().runOnce(clock.instant());
        s.dispatcher().runOnce(clock.instant());
        assertThat(eventIds(r))
                .containsExactly(
                        first.id().toString(),
                        other.id().toString(),
                        first.id().toString(),
                        second.id().toString());
    }

    @Test
    void retriedDeadLetterIsDelivered() throws Exception {
        AtomicInteger healthy = new AtomicInteger(0);
        Receiver r = receiver(() -> healthy.get() == 1 ? 200 : 500);
        Setup s = setup(r.url());
        Notification n = Notifications.of(NotificationType.ACTION_FAILED, 101);
        enqueue(s.outbox(), n);
        while (store.listDeadLetters(1).isEmpty()) {
            s.dispatcher().runOnce(clock.instant());
            clock.advance(Duration.ofMinutes(30));
        }
        long id = store.listDeadLetters(1).get(0).id();
        healthy.set(1);
        assertThat(store.retryDeadLetter(id, clock.instant())).isTrue();
        assertThat(s.dispatcher().runOnce(clock.instant()).delivered()).isEqualTo(1);
        assertThat(r.delivered())
                .singleElement()
                .extracting(q -> NotificationJson.read(new String(q.body())).id())
                .isEqualTo(n.id());
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(OutboxItem.Status.DELIVERED);
    }

    @Test
    void itemOfAnUnconfiguredChannelBecomesADeadLetterAtOnce() throws SQLException {
        try (Connection c = ds.getConnection()) {
            store.enqueue(
                    c,
                    List.of(
                            new NewOutboxItem(
                                    java.util.UUID.randomUUID(),
                                    "host_silent",
                                    "webhook:removed",
                                    "pve1/1",
                                    "{}")),
                    clock.instant());
        }
        OutboxDispatcher d =
                new OutboxDispatcher(
                        store, Map.of(), RetryPolicy.DEFAULT, clock, 10, Duration.ofMinutes(1));
        assertThat(d.runOnce(clock.instant()).dead()).isEqualTo(1);
        assertThat(store.listDeadLetters(5).get(0).lastError())
                .contains("no sender configured for channel webhook:removed");
    }

    @Test
    void rowsWrittenBeforeTypedEventsStillDeliverTheSameBody() throws Exception {
        Receiver r = receiver(() -> 200);
        Setup s = setup(r.url());
        List<String> old = Notifications.payloadsBeforeTypedEvents();
        try (Connection c = ds.getConnection()) {
            for (String payload : old) {
                Notification n = NotificationJson.read(payload);
                store.enqueue(
                        c,
                        List.of(
                                new NewOutboxItem(
                                        n.id(),
                                        n.type().wireName(),
                                        "webhook:ops",
                                        n.guestKey(),
                                        payload)),
                        clock.instant());
            }
        }
        // One item per guest and pass: five of guest 101, one of the host.
        for (int pass = 0; pass < old.size(); pass++) {
            s.dispatcher().runOnce(clock.instant());
        }
        assertThat(r.delivered())
                .extracting(q -> new String(q.body(), java.nio.charset.StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(old);
    }

    @Test
    void startedDispatcherDeliversOnItsOwnThreadUntilClosed() throws Exception {
        Receiver r = receiver(() -> 200);
        Setup s = setup(r.url());
        Notification n = Notifications.of(NotificationType.HOST_SILENT, 7);
        enqueue(s.outbox(), n);
        try (OutboxDispatcher d = s.dispatcher()) {
            d.start(Duration.ofMillis(20));
            awaitDelivered(r, 1);
        }
        assertThat(r.delivered())
                .singleElement()
                .extracting(q -> q.header("X-Vpsguard-Event-Id"))
                .isEqualTo(n.id().toString());
        assertThat(store.findByNotification(n.id()).get(0).status())
                .isEqualTo(OutboxItem.Status.DELIVERED);
    }

    @Test
    void concurrentSendersDeliverABatchAtOnceAndKeepEachGuestsOrder() throws Exception {
        Receiver r =
                receiver(
                        () -> {
                            // Slow enough that parallel deliveries overlap at the receiver.
                            sleepQuietly(40);
                            return 200;
                        },
                        8);
        Setup s = setup(r.url(), 4);
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int vmid = 101; vmid <= 104; vmid++) {
                Notification n = Notifications.of(NotificationType.HOST_SILENT, vmid);
                enqueue(s.outbox(), n);
                expected.add(vmid + ":" + n.id());
            }
        }
        for (int pass = 0; pass < 3; pass++) {
            // One pass claims at most one item per guest: the four guests' next events.
            assertThat(s.dispatcher().runOnce(clock.instant()).delivered()).isEqualTo(4);
        }
        s.dispatcher().close();

        assertThat(r.maxInFlight()).as("deliveries in flight at once").isBetween(2, 4);
        assertThat(r.delivered()).hasSize(12);
        for (int vmid = 101; vmid <= 104; vmid++) {
            String prefix = vmid + ":";
            assertThat(guestEvents(r, vmid))
                    .as("guest %d in queue order", vmid)
                    .isEqualTo(
                            expected.stream()
                                    .filter(e -> e.startsWith(prefix))
                                    .map(e -> e.substring(prefix.length()))
                                    .toList());
        }
    }

    @Test
    void wokenDispatcherDeliversWithoutWaitingForThePollInterval() throws Exception {
        Receiver r = receiver(() -> 200);
        Setup s = setup(r.url());
        Notification before = Notifications.of(NotificationType.HOST_SILENT, 7);
        enqueue(s.outbox(), before);
        try (OutboxDispatcher d = s.dispatcher()) {
            d.start(Duration.ofHours(1));
            awaitDelivered(r, 1); // the pass at start
            Notification after = Notifications.of(NotificationType.HOST_SILENT, 8);
            enqueue(s.outbox(), after);
            d.wake();
            awaitDelivered(r, 2);
            assertThat(eventIds(r)).containsExactly(before.id().toString(), after.id().toString());
        }
    }

    @Test
    void onePassAtStartDeliversEveryQueuedEventOfAGuestInOrder() throws Exception {
        Receiver r = receiver(() -> 200);
        Setup s = setup(r.url());
        List<String> queued = new ArrayList<>();
        for (NotificationType t :
                List.of(
                        NotificationType.BLOCK_CREATED,
                        NotificationType.UNBLOCK_SCHEDULED,
                        NotificationType.UNBLOCK_GRANTED)) {
            Notification n = Notifications.of(t, 101);
            enqueue(s.outbox(), n);
            queued.add(n.id().toString());
        }
        try (OutboxDispatcher d = s.dispatcher()) {
            // Each event waits for the previous one; the next poll is an hour away, so all three
            // must go in the passes that follow the first without waiting.
            d.start(Duration.ofHours(1));
            awaitDelivered(r, 3);
        }
        assertThat(eventIds(r)).isEqualTo(queued);
    }

    /** Real IO on another thread: polls with a deadline rather than sleeping a guessed time. */
    private static void awaitDelivered(Receiver r, int count) {
        Await.until(
                () -> count + " deliveries, got " + r.delivered().size(),
                Duration.ofSeconds(20),
                () -> r.delivered().size() >= count);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> guestEvents(Receiver r, int vmid) {
        return r.delivered().stream()
                .map(q -> NotificationJson.read(new String(q.body())))
                .filter(n -> n.guest().vmid() == vmid)
                .map(n -> n.id().toString())
                .toList();
    }

    private static List<String> eventIds(Receiver r) {
        return r.requests().stream().map(q -> q.header("X-Vpsguard-Event-Id")).toList();
    }
}
