package dev.vpsguard.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.ReportReply;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.audit.AuditLog;
import dev.vpsguard.server.audit.AuditRepository;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.guest.GuestStored;
import dev.vpsguard.server.host.Host;
import dev.vpsguard.server.host.HostRepository;
import dev.vpsguard.server.ingest.AgentInstanceRepository;
import dev.vpsguard.server.ingest.AgentInstanceRow;
import dev.vpsguard.server.ingest.ReportReceiptRepository;
import dev.vpsguard.server.ingest.ReportReceiptRow;
import dev.vpsguard.server.rollup.GuestRollup;
import dev.vpsguard.server.rollup.GuestRollupRepository;
import dev.vpsguard.server.rollup.RollupStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The repositories and migrations, run against one real database per subclass (H2 and PostgreSQL),
 * so that every query is proven on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StorageContract {
    // Whole milliseconds survive every database's timestamp precision.
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123Z");

    TestServer server;

    /** Datasource properties of the database under test. */
    abstract Map<String, Object> datasource() throws Exception;

    void stopDatabase() throws Exception {}

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(datasource());
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

    private Host newHost(String tokenHash) {
        return new Host(
                UUID.randomUUID().toString(),
                "h-" + tokenHash,
                null,
                tokenHash,
                T0.plusSeconds(60),
                0,
                null,
                T0);
    }

    @Test
    void hostRoundTripsWithEveryColumn() {
        HostRepository hosts = bean(HostRepository.class);
        Host host = hosts.save(newHost("rt" + UUID.randomUUID()));
        assertThat(hosts.findById(host.id())).contains(host);
        assertThat(hosts.findByEnrollmentTokenHash(host.enrollmentTokenHash())).contains(host);
        assertThat(hosts.listOrderByName()).contains(host);
    }

    @Test
    void enrolmentTokenIsConsumedExactlyOnce() {
        HostRepository hosts = bean(HostRepository.class);
        String token = "once" + UUID.randomUUID();
        Host host = hosts.save(newHost(token));
        assertThat(hosts.consumeEnrollment(host.id(), token, "cred-" + token)).isEqualTo(1);
        assertThat(hosts.consumeEnrollment(host.id(), token, "other")).isZero();
        Host enrolled = hosts.findByCredentialHash("cred-" + token).orElseThrow();
        assertThat(enrolled.enrollmentTokenHash()).isNull();
        assertThat(enrolled.enrollmentExpiresAt()).isNull();
    }

    @Test
    void recordReportKeepsTheSeqOfTheLastReportStored() {
        HostRepository hosts = bean(HostRepository.class);
        Host host = hosts.save(newHost("seq" + UUID.randomUUID()));
        assertThat(hosts.recordReport(host.id(), 30, T0)).isEqualTo(1);
        // An agent whose numbering restarted: the host shows where it is now.
        assertThat(hosts.recordReport(host.id(), 1, T0.plusSeconds(1))).isEqualTo(1);
        Host after = hosts.findById(host.id()).orElseThrow();
        assertThat(after.lastSeq()).isEqualTo(1);
        assertThat(after.lastReportAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(hosts.recordReport("no-such-host", 1, T0)).isZero();
    }

    @Test
    void agentInstancesRoundTripAndAreUniquePerHost() {
        Host host = bean(HostRepository.class).save(newHost("ai" + UUID.randomUUID()));
        AgentInstanceRepository instances = bean(AgentInstanceRepository.class);
        AgentInstanceRow row =
                new AgentInstanceRow(
                        UUID.randomUUID().toString(),
                        host.id(),
                        Agents.INSTANCE,
                        T0,
                        7,
                        "ab".repeat(32),
                        T0.minusSeconds(1),
                        T0);
        instances.save(row);
        assertThat(instances.findByHostIdAndAgentInstance(host.id(), Agents.INSTANCE))
                .contains(row);
        assertThat(instances.findByHostIdAndAgentInstance(host.id(), "")).isEmpty();
        AgentInstanceRow twin =
                new AgentInstanceRow(
                        UUID.randomUUID().toString(),
                        host.id(),
                        Agents.INSTANCE,
                        T0,
                        1,
                        "",
                        T0,
                        T0);
        assertThatThrownBy(() -> instances.save(twin)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void reportReceiptsAreFoundByInstanceSeqAndDigestAndPrunedByAge() {
        Host host = bean(HostRepository.class).save(newHost("rr" + UUID.randomUUID()));
        ReportReceiptRepository receipts = bean(ReportReceiptRepository.class);
        String digest = "cd".repeat(32);
        receipts.save(receipt(host, 5, digest, T0));
        receipts.save(receipt(host, 5, "ef".repeat(32), T0.plusSeconds(60)));
        assertThat(
                        receipts.existsByHostIdAndAgentInstanceAndSeqAndDigest(
                                host.id(), Agents.INSTANCE, 5, digest))
                .isTrue();
        assertThat(receipts.existsByHostIdAndAgentInstanceAndSeqAndDigest(host.id(), "", 5, digest))
                .isFalse();
        assertThat(
                        receipts.existsByHostIdAndAgentInstanceAndSeqAndDigest(
                                host.id(), Agents.INSTANCE, 6, digest))
                .isFalse();
        assertThatThrownBy(() -> receipts.save(receipt(host, 5, digest, T0)))
                .isInstanceOf(RuntimeException.class);
        assertThat(receipts.deleteByReceivedAtLessThan(T0.plusSeconds(1)))
                .isGreaterThanOrEqualTo(1);
        assertThat(
                        receipts.existsByHostIdAndAgentInstanceAndSeqAndDigest(
                                host.id(), Agents.INSTANCE, 5, digest))
                .isFalse();
        assertThat(
                        receipts.existsByHostIdAndAgentInstanceAndSeqAndDigest(
                                host.id(), Agents.INSTANCE, 5, "ef".repeat(32)))
                .isTrue();
    }

    private static ReportReceiptRow receipt(Host host, long seq, String digest, Instant at) {
        return new ReportReceiptRow(
                UUID.randomUUID().toString(), host.id(), Agents.INSTANCE, seq, digest, at);
    }

    @Test
    void guestVmidIsUniquePerHost() {
        Host host = bean(HostRepository.class).save(newHost("g" + UUID.randomUUID()));
        GuestRepository guests = bean(GuestRepository.class);
        Guest g =
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
                        null);
        guests.save(g);
        assertThat(guests.findByHostIdAndVmid(host.id(), 101)).contains(g);
        Guest clash =
                new Guest(
                        UUID.randomUUID().toString(),
                        host.id(),
                        101,
                        "lxc",
                        null,
                        "stopped",
                        null,
                        null,
                        null,
                        null,
                        T0,
                        null);
        assertThatThrownBy(() -> guests.save(clash)).isInstanceOf(RuntimeException.class);
        assertThat(guests.findByHostIdOrderByVmid(host.id())).containsExactly(g);
    }

    @Test
    void seenMovesOnlyLastSeenAtOfTheGuestsNamed() {
        Host host = bean(HostRepository.class).save(newHost("s" + UUID.randomUUID()));
        GuestRepository guests = bean(GuestRepository.class);
        Guest a = storedGuest(host, 101);
        Guest b = storedGuest(host, 102);
        assertThat(guests.seen(List.of(a.id()), T0.plusSeconds(5))).isEqualTo(1);
        Guest movedA = guests.findById(a.id()).orElseThrow();
        assertThat(movedA.lastSeenAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(movedA.lastSample()).isEqualTo(a.lastSample());
        assertThat(movedA.lastSampleAt()).isEqualTo(T0);
        assertThat(guests.findById(b.id()).orElseThrow().lastSeenAt()).isEqualTo(T0);
        // What ingest reads per report: the rows without their samples.
        assertThat(guests.findByHostId(host.id()))
                .extracting(GuestStored::vmid, GuestStored::nics, GuestStored::lastSampleAt)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(101, "[]", T0),
                        org.assertj.core.groups.Tuple.tuple(102, "[]", T0));
    }

    private Guest storedGuest(Host host, int vmid) {
        return bean(GuestRepository.class)
                .save(
                        new Guest(
                                UUID.randomUUID().toString(),
                                host.id(),
                                vmid,
                                "qemu",
                                "web",
                                "running",
                                2,
                                1L << 31,
                                "[]",
                                "{\"vmid\":" + vmid + "}",
                                T0,
                                T0));
    }

    @Test
    void rollupWrittenTwiceForOneBucketIsMerged() {
        Host host = bean(HostRepository.class).save(newHost("r" + UUID.randomUUID()));
        Guest g =
                bean(GuestRepository.class)
                        .save(
                                new Guest(
                                        UUID.randomUUID().toString(),
                                        host.id(),
                                        7,
                                        "qemu",
                                        null,
                                        "running",
                                        null,
                                        null,
                                        null,
                                        null,
                                        T0,
                                        null));
        Instant bucket = T0.truncatedTo(ChronoUnit.HOURS);
        RollupStore store = bean(RollupStore.class);
        store.write(List.of(rollup(g.id(), bucket, 2, 1.0, 1.5, 10)));
        store.write(List.of(rollup(g.id(), bucket, 2, 3.0, 4.0, 5)));
        List<GuestRollup> rows =
                bean(GuestRollupRepository.class).findByGuestIdOrderByBucketStart(g.id());
        assertThat(rows).hasSize(1);
        GuestRollup merged = rows.get(0);
        assertThat(merged.sampleCount()).isEqualTo(4);
        assertThat(merged.cpuCoresAvg()).isEqualTo(2.0);
        assertThat(merged.cpuCoresMax()).isEqualTo(4.0);
        assertThat(merged.smtpNewConnections()).isEqualTo(15);
        assertThat(merged.memoryUsedBytesAvg()).isNull();
        assertThat(merged.bucketStart()).isEqualTo(bucket);
    }

    private static GuestRollup rollup(
            String guestId, Instant bucket, int n, double avg, double max, long smtp) {
        return new GuestRollup(
                UUID.randomUUID().toString(),
                guestId,
                bucket,
                n,
                avg,
                max,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                smtp,
                0);
    }

    @Test
    void auditEntriesAreStoredInOrder() {
        String target = UUID.randomUUID().toString();
        AuditLog log = bean(AuditLog.class);
        log.record("admin:x", "host.create", target, "one");
        server.clock().advance(java.time.Duration.ofSeconds(1));
        log.record("admin:x", "host.enroll", target, null);
        assertThat(bean(AuditRepository.class).findByTargetOrderByAt(target))
                .extracting(r -> r.action())
                .containsExactly("host.create", "host.enroll");
    }

    @Test
    void reportsAreIngestedAndDeduplicatedEndToEnd() throws Exception {
        Agents.Enrolled host = Agents.enroll(server, "e2e");
        byte[] body = Agents.reportJson(host.hostId(), 1, server.clock().instant());
        HttpResponse<String> first = server.postJson("/api/v1/reports", host.credential(), body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String before = server.snapshot();
        HttpResponse<String> again = server.postJson("/api/v1/reports", host.credential(), body);
        ReportReply reply =
                ProtocolJson.read(again.body().getBytes(StandardCharsets.UTF_8), ReportReply.class);
        assertThat(reply.duplicate()).isTrue();
        assertThat(server.snapshot()).isEqualTo(before);
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM guests WHERE host_id = '"
                                        + host.hostId()
                                        + "'"))
                .isEqualTo(2);
        assertThat(server.get("/health", "").body()).contains("UP");
    }
}
