package dev.vpsguard.server.ingest;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.guest.GuestStored;
import dev.vpsguard.server.host.Host;
import dev.vpsguard.server.host.HostRepository;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores a report in one transaction: its identity (unless the server has it already), the host's
 * last seq, then its guests.
 */
@Singleton
public class ReportStore {
    /**
     * How old a guest's stored sample may get while it reports: what the console shows for it after
     * a restart, before its next report (the last hour at full resolution is in memory).
     */
    static final Duration SAMPLE_WRITE_INTERVAL = Duration.ofMinutes(1);

    private final HostRepository hosts;
    private final GuestRepository guests;
    private final ReportIdentity identity;

    public ReportStore(HostRepository hosts, GuestRepository guests, ReportIdentity identity) {
        this.hosts = hosts;
        this.guests = guests;
        this.identity = identity;
    }

    /**
     * @param digest SHA-256 (hex) of the report's JSON body
     * @return the stored report, or empty when the server had stored this report already (a
     *     duplicate: nothing changed)
     * @throws ApiException 400 naming {@code seq} for an absurd jump; nothing changed
     */
    @Transactional
    public Optional<StoredReport> store(Report report, String digest, Instant receivedAt) {
        // Row lock: concurrent reports of one host go one at a time from here on.
        Host host =
                hosts.findByIdForUpdate(report.hostId())
                        .orElseThrow(() -> ApiException.forbidden("unknown host"));
        Optional<SeqContinuity.Verdict> verdict = identity.admit(report, digest, receivedAt);
        if (verdict.isEmpty()) {
            return Optional.empty();
        }
        hosts.recordReport(host.id(), report.seq(), receivedAt);
        // One query for the host's guests and at most three statements (a JDBC batch each), not a
        // query and a statement per guest. A known guest's row is rewritten only when its
        // inventory changed or its stored sample is a minute old; otherwise it only moves
        // last_seen_at, with the report's other such guests in one statement: re-serializing
        // every sample at every report was the ingest's largest cost after decoding.
        Map<Integer, GuestStored> known = new HashMap<>();
        for (GuestStored g : guests.findByHostId(host.id())) {
            known.put(g.vmid(), g);
        }
        Instant at = report.sentAt();
        Map<String, GuestSample> stored = new LinkedHashMap<>();
        List<Guest> rewritten = new ArrayList<>();
        List<Guest> added = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (GuestSample sample : report.guests()) {
            GuestStored old = known.get(sample.vmid());
            String nics = sample.nics() == null ? null : json(sample.nics());
            if (old == null) {
                added.add(row(UUID.randomUUID().toString(), host.id(), sample, nics, at));
            } else if (sameInventory(old, sample, nics) && sampleFresh(old.lastSampleAt(), at)) {
                seen.add(old.id());
            } else {
                rewritten.add(row(old.id(), host.id(), sample, nics, at));
            }
            stored.put(old == null ? added.get(added.size() - 1).id() : old.id(), sample);
        }
        if (!seen.isEmpty()) {
            guests.seen(seen, at);
        }
        if (!rewritten.isEmpty()) {
            guests.updateAll(rewritten);
        }
        if (!added.isEmpty()) {
            guests.saveAll(added);
        }
        return Optional.of(
                new StoredReport(verdict.get().previousSeq(), verdict.get().kind(), stored));
    }

    private static boolean sameInventory(GuestStored old, GuestSample s, String nics) {
        return old.kind().equals(s.kind().wire())
                && Objects.equals(old.name(), s.name())
                && old.status().equals(s.status().wire())
                && Objects.equals(old.cores(), s.cores())
                && Objects.equals(old.memoryBytes(), s.memoryConfiguredBytes())
                && Objects.equals(old.nics(), nics);
    }

    /**
     * Whether the stored sample is recent enough to keep: taken less than {@link
     * #SAMPLE_WRITE_INTERVAL} before this report (or after it: an older report resent).
     */
    private static boolean sampleFresh(Instant sampleAt, Instant reportAt) {
        return sampleAt != null && reportAt.isBefore(sampleAt.plus(SAMPLE_WRITE_INTERVAL));
    }

    private static Guest row(String id, String hostId, GuestSample s, String nics, Instant seenAt) {
        return new Guest(
                id,
                hostId,
                s.vmid(),
                s.kind().wire(),
                s.name(),
                s.status().wire(),
                s.cores(),
                s.memoryConfiguredBytes(),
                nics,
                json(s),
                seenAt,
                seenAt);
    }

    private static String json(Object value) {
        return new String(ProtocolJson.write(value), StandardCharsets.UTF_8);
    }
}
