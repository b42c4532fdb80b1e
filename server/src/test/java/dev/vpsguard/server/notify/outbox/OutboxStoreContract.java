package dev.vpsguard.server.notify.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.notify.Notifications;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every database must give {@link JdbcOutboxStore}; subclasses pick the database. */
abstract class OutboxStoreContract {
    static final Instant NOW = Notifications.T0;
    static final Duration LEASE = Duration.ofMinutes(2);

    DataSource ds;
    JdbcOutboxStore store;

    abstract DataSource database();

    @BeforeEach
    void setUp() {
        ds = database();
        store = new JdbcOutboxStore(ds);
    }

    static NewOutboxItem item(String guest, String channel) {
        return new NewOutboxItem(UUID.randomUUID(), "block_created", channel, guest, "{}");
    }

    void commit(NewOutboxItem... items) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            store.enqueue(c, List.of(items), NOW);
            c.commit();
        }
    }

    @Test
    void enqueueInsideRolledBackTransactionLeavesNothing() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            int added = store.enqueue(c, List.of(item("pve1/101", "mail")), NOW);
            assertThat(added).isEqualTo(1);
            c.rollback();
        }
        assertThat(store.claimDue(NOW.plusSeconds(3600), 10, LEASE)).isEmpty();
    }

    @Test
    void committedEnqueueIsClaimedOnceUntilItsLeaseEnds() throws SQLException {
        NewOutboxItem i = item("pve1/101", "mail");
        commit(i);
        List<OutboxItem> first = store.claimDue(NOW, 10, LEASE);
        assertThat(first)
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.notificationId()).isEqualTo(i.notificationId());
                            assertThat(o.attempts()).isEqualTo(1);
                            assertThat(o.status()).isEqualTo(OutboxItem.Status.PENDING);
                        });
        assertThat(store.claimDue(NOW.plusSeconds(60), 10, LEASE)).isEmpty();
        assertThat(store.claimDue(NOW.plus(LEASE), 10, LEASE))
                .singleElement()
                .extracting(OutboxItem::attempts)
                .isEqualTo(2);
    }

    @Test
    void enqueueIsIdempotentPerNotificationAndChannel() throws SQLException {
        NewOutboxItem i = item("pve1/101", "mail");
        commit(i);
        commit(
                i,
                new NewOutboxItem(i.notificationId(), i.type(), "webhook:ops", i.guestKey(), "{}"));
        assertThat(store.findByNotification(i.notificationId()))
                .extracting(OutboxItem::channel)
                .containsExactly("mail", "webhook:ops");
    }

    @Test
    void laterItemOfSameGuestAndChannelWaitsWhileEarlierOneRetries() throws SQLException {
        commit(item("pve1/101", "mail"));
        commit(item("pve1/101", "mail"), item("pve1/101", "webhook:ops"), item("pve1/102", "mail"));
        List<OutboxItem> claimed = store.claimDue(NOW, 10, LEASE);
        // The second mail of guest 101 is held back; its webhook and guest 102 are not.
        assertThat(claimed)
                .extracting(o -> o.guestKey() + " " + o.channel())
                .containsExactly("pve1/101 mail", "pve1/101 webhook:ops", "pve1/102 mail");
        OutboxItem first = claimed.get(0);
        store.scheduleRetry(first.id(), NOW.plusSeconds(30), "HTTP 503");
        assertThat(store.claimDue(NOW.plusSeconds(10), 10, LEASE)).isEmpty();
        store.markDelivered(first.id(), NOW.plusSeconds(31));
        assertThat(store.claimDue(NOW.plusSeconds(31), 10, LEASE))
                .singleElement()
                .satisfies(o -> assertThat(o.id()).isGreaterThan(first.id()));
    }

    @Test
    void deadLetterIsListedAndCanBeRetried() throws SQLException {
        commit(item("pve1/101", "webhook:ops"));
        OutboxItem o = store.claimDue(NOW, 10, LEASE).get(0);
        store.moveToDeadLetter(o.id(), NOW.plusSeconds(5), "HTTP 500");
        assertThat(store.listDeadLetters(10))
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.status()).isEqualTo(OutboxItem.Status.DEAD);
                            assertThat(d.lastError()).isEqualTo("HTTP 500");
                        });
        assertThat(store.claimDue(NOW.plusSeconds(3600), 10, LEASE)).isEmpty();

        Instant later = NOW.plus(Duration.ofDays(2));
        assertThat(store.retryDeadLetter(o.id(), later)).isTrue();
        assertThat(store.retryDeadLetter(o.id(), later)).isFalse();
        assertThat(store.listDeadLetters(10)).isEmpty();
        assertThat(store.claimDue(later, 10, LEASE))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.queuedAt()).isEqualTo(later);
                            assertThat(r.attempts()).isEqualTo(1);
                        });
    }

    @Test
    void listShowsItemsNewestFirstFilteredByStatus() throws SQLException {
        commit(item("pve1/101", "mail"), item("pve1/102", "mail"), item("pve1/103", "mail"));
        List<OutboxItem> claimed = store.claimDue(NOW, 10, LEASE);
        store.markDelivered(claimed.get(0).id(), NOW.plusSeconds(1));
        store.moveToDeadLetter(claimed.get(1).id(), NOW.plusSeconds(2), "HTTP 410");

        assertThat(store.list(null, 10))
                .extracting(OutboxItem::guestKey)
                .containsExactly("pve1/103", "pve1/102", "pve1/101");
        assertThat(store.list(null, 2)).hasSize(2);
        assertThat(store.list(null, 2, 1))
                .extracting(OutboxItem::guestKey)
                .containsExactly("pve1/102", "pve1/101");
        assertThat(store.list(null, 2, 3)).isEmpty();
        assertThat(store.list(OutboxItem.Status.DEAD, 10, 1)).isEmpty();
        assertThat(store.list(OutboxItem.Status.DEAD, 10))
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.guestKey()).isEqualTo("pve1/102");
                            assertThat(d.finishedAt()).isEqualTo(NOW.plusSeconds(2));
                        });
        assertThat(store.list(OutboxItem.Status.DELIVERED, 10))
                .extracting(OutboxItem::guestKey)
                .containsExactly("pve1/101");
        assertThat(store.list(OutboxItem.Status.PENDING, 10))
                .singleElement()
                .satisfies(p -> assertThat(p.finishedAt()).isNull());
    }

    @Test
    void retryInARolledBackTransactionLeavesTheDeadLetter() throws SQLException {
        commit(item("pve1/101", "webhook:ops"));
        OutboxItem o = store.claimDue(NOW, 10, LEASE).get(0);
        store.moveToDeadLetter(o.id(), NOW, "HTTP 500");
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            assertThat(store.retryDeadLetter(c, o.id(), NOW.plusSeconds(60))).isTrue();
            c.rollback();
        }
        assertThat(store.listDeadLetters(10)).extracting(OutboxItem::id).containsExactly(o.id());
        assertThat(store.claimDue(NOW.plusSeconds(60), 10, LEASE)).isEmpty();
    }

    @Test
    void eachGuestsFirstPendingItemIsClaimedInABacklog() throws SQLException {
        // Rounds of 20 guests, as a burst leaves them: each claim takes every guest's next item.
        for (int round = 0; round < 4; round++) {
            NewOutboxItem[] items = new NewOutboxItem[20];
            for (int g = 0; g < 20; g++) {
                items[g] = item("pve1/" + (100 + g), "webhook:ops");
            }
            commit(items);
        }
        long lastId = 0;
        for (int round = 0; round < 4; round++) {
            List<OutboxItem> claimed = store.claimDue(NOW, 500, LEASE);
            assertThat(claimed).hasSize(20);
            assertThat(claimed).extracting(OutboxItem::guestKey).doesNotHaveDuplicates();
            for (OutboxItem i : claimed) {
                assertThat(i.id()).isGreaterThan(lastId);
            }
            lastId = claimed.stream().mapToLong(OutboxItem::id).max().orElseThrow();
            claimed.forEach(i -> store.markDelivered(i.id(), NOW));
        }
        assertThat(store.claimDue(NOW, 500, LEASE)).isEmpty();
    }

    @Test
    void deadLetterOfEarlierItemDoesNotHoldBackLaterOnes() throws SQLException {
        commit(item("pve1/101", "mail"));
        commit(item("pve1/101", "mail"));
        OutboxItem first = store.claimDue(NOW, 10, LEASE).get(0);
        store.moveToDeadLetter(first.id(), NOW, "mailbox unavailable");
        assertThat(store.claimDue(NOW, 10, LEASE))
                .singleElement()
                .satisfies(o -> assertThat(o.id()).isGreaterThan(first.id()));
    }

    @Test
    void concurrentClaimSkipsRowsAnotherTransactionHolds() throws SQLException {
        commit(item("pve1/101", "mail"), item("pve1/102", "mail"));
        try (Connection holder = ds.getConnection()) {
            holder.setAutoCommit(false);
            try (var ps =
                    holder.prepareStatement(
                            "SELECT id FROM notify_outbox WHERE guest_key = 'pve1/101' FOR UPDATE")) {
                ps.executeQuery().close();
            }
            // Returns at once with the free row instead of waiting for the holder.
            assertThat(store.claimDue(NOW, 10, LEASE))
                    .extracting(OutboxItem::guestKey)
                    .containsExactly("pve1/102");
            holder.rollback();
        }
    }
}
