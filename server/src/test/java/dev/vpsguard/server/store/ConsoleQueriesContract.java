package dev.vpsguard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.DrivenOutbox;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.audit.AuditRecord;
import dev.vpsguard.server.audit.AuditRepository;
import dev.vpsguard.server.audit.AuditSearch;
import dev.vpsguard.server.decision.FindingRepository;
import dev.vpsguard.server.decision.FindingRow;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.host.Host;
import dev.vpsguard.server.host.HostRepository;
import dev.vpsguard.server.notify.outbox.NewOutboxItem;
import dev.vpsguard.server.notify.outbox.OutboxItem;
import dev.vpsguard.server.notify.outbox.OutboxOverview;
import dev.vpsguard.server.notify.outbox.OutboxStore;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The console's own queries (audit search, newest findings, outbox overview) on each database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsoleQueriesContract {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123Z");

    TestServer server;

    abstract Map<String, Object> datasource() throws Exception;

    void stopDatabase() throws Exception {}

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(datasource());
        // Only the test moves outbox items.
        DrivenOutbox.of(server);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            server.close();
        } finally {
            stopDatabase();
        }
    }

    private <T> T bean(Class<T> type) {
        return server.context().getBean(type);
    }

    @Test
    void auditSearchFiltersEachFieldAndPages() {
        AuditRepository audit = bean(AuditRepository.class);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String actor = "console:" + tag;
        for (int i = 0; i < 5; i++) {
            audit.save(
                    new AuditRecord(
                            UUID.randomUUID().toString(),
                            T0.plusSeconds(i * 60L),
                            actor,
                            i % 2 == 0 ? "block.decide" : "block_x.other",
                            "g-" + tag + "-" + (i % 2),
                            "n" + i));
        }
        AuditSearch search = bean(AuditSearch.class);
        List<AuditRecord> all =
                search.find(new AuditSearch.Filter(actor, null, null, null, null), 10, 0);
        assertThat(all)
                .extracting(AuditRecord::detail)
                .containsExactly("n4", "n3", "n2", "n1", "n0");
        assertThat(all.get(0).at()).isEqualTo(T0.plusSeconds(240));
        // The kind is a prefix, its '_' taken literally (not LIKE's one-character wildcard).
        assertThat(search.find(new AuditSearch.Filter(actor, null, "block_", null, null), 10, 0))
                .extracting(AuditRecord::detail)
                .containsExactly("n3", "n1");
        assertThat(search.find(new AuditSearch.Filter(actor, null, "block.", null, null), 10, 0))
                .hasSize(3);
        assertThat(
                        search.find(
                                new AuditSearch.Filter(null, "g-" + tag + "-1", null, null, null),
                                10,
                                0))
                .extracting(AuditRecord::detail)
                .containsExactly("n3", "n1");
        // From inclusive, to exclusive.
        assertThat(
                        search.find(
                                new AuditSearch.Filter(
                                        actor, null, null, T0.plusSeconds(60), T0.plusSeconds(180)),
                                10,
                                0))
                .extracting(AuditRecord::detail)
                .containsExactly("n2", "n1");
        assertThat(search.find(new AuditSearch.Filter(actor, null, null, null, null), 2, 2))
                .extracting(AuditRecord::detail)
                .containsExactly("n2", "n1");
        assertThat(search.kinds()).contains("block.decide", "block_x.other");
    }

    private Guest guest() {
        Host host =
                bean(HostRepository.class)
                        .save(
                                new Host(
                                        UUID.randomUUID().toString(),
                                        "h-" + UUID.randomUUID(),
                                        null,
                                        "tok" + UUID.randomUUID(),
                                        T0.plusSeconds(60),
                                        0,
                                        null,
                                        T0));
        return bean(GuestRepository.class)
                .save(
                        new Guest(
                                UUID.randomUUID().toString(),
                                host.id(),
                                101,
                                "qemu",
                                "web",
                                "running",
                                2,
                                1L << 31,
                                "[]",
                                null,
                                T0,
                                null));
    }

    @Test
    void newestFindingsOfAGuestComeFirstAndAreLimited() {
        Guest g = guest();
        FindingRepository findings = bean(FindingRepository.class);
        for (int i = 0; i < 4; i++) {
            findings.save(
                    new FindingRow(
                            UUID.randomUUID().toString(),
                            g.id(),
                            T0.plusSeconds(i),
                            "spam",
                            1.5 + i,
                            "{\"i\":" + i + "}"));
        }
        assertThat(findings.newestOfGuest(g.id(), 3))
                .extracting(FindingRow::evidence)
                .containsExactly("{\"i\":3}", "{\"i\":2}", "{\"i\":1}");
    }

    @Test
    void outboxOverviewCountsAndFindsTheLastDelivery() throws Exception {
        OutboxStore store = bean(OutboxStore.class);
        String key = "h-" + UUID.randomUUID() + "/101";
        String channel = "webhook:c" + UUID.randomUUID().toString().substring(0, 8);
        Map<OutboxItem.Status, Long> before = bean(OutboxOverview.class).counts();
        try (Connection c = server.connection()) {
            store.enqueue(
                    c,
                    List.of(
                            new NewOutboxItem(UUID.randomUUID(), "smtp_block", channel, key, "{}"),
                            new NewOutboxItem(
                                    UUID.randomUUID(), "smtp_unblock", channel, key, "{}"),
                            new NewOutboxItem(UUID.randomUUID(), "smtp_block", "mail", key, "{}")),
                    T0);
        }
        OutboxOverview overview = bean(OutboxOverview.class);
        List<OutboxItem> mine = overview.ofGuest(key, 10);
        assertThat(mine).hasSize(3);
        assertThat(mine.get(0).id()).isGreaterThan(mine.get(1).id());
        store.markDelivered(mine.get(2).id(), T0.plusSeconds(5));
        store.moveToDeadLetter(mine.get(1).id(), T0.plusSeconds(6), "HTTP 500");
        assertThat(overview.lastDeliveredOn(channel))
                .map(OutboxItem::id)
                .contains(mine.get(2).id());
        assertThat(overview.newestOn(channel))
                .map(OutboxItem::status)
                .contains(OutboxItem.Status.DEAD);
        Map<OutboxItem.Status, Long> after = overview.counts();
        assertThat(after.get(OutboxItem.Status.DELIVERED) - before.get(OutboxItem.Status.DELIVERED))
                .isEqualTo(1);
        assertThat(after.get(OutboxItem.Status.DEAD) - before.get(OutboxItem.Status.DEAD))
                .isEqualTo(1);
        assertThat(overview.lastDeliveredOn("webhook:none")).isEmpty();
    }
}
