package dev.vpsguard.server.decision.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.decision.DetectionConfig;
import dev.vpsguard.server.decision.FindingRepository;
import dev.vpsguard.server.decision.FindingRow;
import dev.vpsguard.server.decision.GuestStateCache;
import dev.vpsguard.server.decision.GuestStateCaches;
import dev.vpsguard.server.decision.LadderJson;
import dev.vpsguard.server.decision.resource.ResourceDecisions;
import dev.vpsguard.server.decision.smtp.GuestMemory;
import dev.vpsguard.server.decision.smtp.LadderService;
import dev.vpsguard.server.detect.FlowBaseline;
import dev.vpsguard.server.detect.FlowScanDetector;
import dev.vpsguard.server.detect.ResourceFinding;
import dev.vpsguard.server.detect.ResourceKind;
import dev.vpsguard.server.detect.ScanFinding;
import dev.vpsguard.server.ingest.StoredReport;
import dev.vpsguard.server.policy.NetworkPolicy;
import dev.vpsguard.server.policy.PolicySet;
import dev.vpsguard.server.tenant.TenantService;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Scans and intrusion attempts in the report's transaction (R6): each guest's window of outbound
 * flows goes through {@link FlowScanDetector} with its contract's thresholds and its own baseline;
 * every finding is stored ({@code findings}, kind {@code horizontal_scan}, {@code vertical_scan} or
 * {@code brute_force}), and the strongest of the window climbs the guest's {@code scan} ladder
 * through {@link ResourceDecisions}, so the report that carries a scan gets the warning (or the
 * isolation) in its reply. The baseline is kept in {@code flow_baselines}, written at most once a
 * minute per guest.
 */
@Singleton
public class ScanDecisions {
    /** How stale the persisted baseline may get: a restart forgets at most this much learning. */
    static final Duration BASELINE_WRITE_INTERVAL = Duration.ofMinutes(1);

    private final GuestStateCache<ScanMemory> memory;
    private final FlowBaselineRepository baselines;
    private final FindingRepository findings;
    private final ResourceDecisions resources;
    private final LadderService guests;
    private final TenantService tenants;
    private final PolicySet policies;
    private final Clock clock;

    ScanDecisions(
            FlowBaselineRepository baselines,
            FindingRepository findings,
            ResourceDecisions resources,
            LadderService guests,
            TenantService tenants,
            PolicySet policies,
            TransactionOperations<Connection> transactions,
            DetectionConfig config,
            GuestStateCaches caches,
            Clock clock) {
        this.baselines = baselines;
        this.findings = findings;
        this.resources = resources;
        this.guests = guests;
        this.tenants = tenants;
        this.policies = policies;
        this.clock = clock;
        this.memory = caches.register(new GuestStateCache<>(config, transactions, this::load));
    }

    /** The report hook, inside its transaction, after the resource ladders ran. */
    public void stored(StoredReport stored) {
        List<String> observed =
                stored.guests().entrySet().stream()
                        .filter(e -> e.getValue().flows() != null)
                        .map(Map.Entry::getKey)
                        .toList();
        memory.forgetOnRollback(observed);
        memory.preload(observed, this::loadAll);
        for (String guestId : observed) {
            observe(guestId, stored.guests().get(guestId));
        }
    }

    private void observe(String guestId, GuestSample sample) {
        GuestMemory g = guests.memory(guestId);
        NetworkPolicy.Scans policy = policies.forTenant(tenants.find(g.tenantId)).network().scans();
        ScanMemory m = memory.get(guestId);
        List<ScanFinding> found;
        synchronized (m) {
            found = FlowScanDetector.observe(m.baseline, sample.flows(), policy);
            save(m);
        }
        Instant now = clock.instant();
        for (ScanFinding f : found) {
            findings.save(
                    new FindingRow(
                            UUID.randomUUID().toString(),
                            guestId,
                            now,
                            f.pattern().wire(),
                            f.score(),
                            LadderJson.write(evidence(f))));
        }
        Optional<ScanFinding> strongest =
                found.stream().max(Comparator.comparingDouble(ScanFinding::score));
        strongest.ifPresent(f -> resources.scanFound(guestId, asResource(f), sample.cores()));
    }

    /** Writes the baseline when it has learned and its row is a minute old (or missing). */
    private void save(ScanMemory m) {
        Instant now = clock.instant();
        if (m.baseline.lastEnd() == null
                || m.writtenAt != null
                        && Duration.between(m.writtenAt, now).compareTo(BASELINE_WRITE_INTERVAL)
                                < 0) {
            return;
        }
        var row = new FlowBaselineRow(m.guestId, LadderJson.write(m.baseline.snapshot()), now);
        if (m.writtenAt == null && !baselines.existsById(m.guestId)) {
            baselines.save(row);
        } else {
            baselines.update(row);
        }
        m.writtenAt = now;
    }

    /** The first-seen guests' baselines in one query, not one per guest. */
    private Map<String, ScanMemory> loadAll(Set<? extends String> guestIds) {
        Map<String, FlowBaselineRow> rows = new HashMap<>();
        for (FlowBaselineRow r : baselines.findByGuestIdIn(List.copyOf(guestIds))) {
            rows.put(r.guestId(), r);
        }
        Map<String, ScanMemory> out = new HashMap<>();
        for (String id : guestIds) {
            out.put(id, memory(id, rows.get(id)));
        }
        return out;
    }

    private ScanMemory load(String guestId) {
        return memory(guestId, baselines.findById(guestId).orElse(null));
    }

    private static ScanMemory memory(String guestId, FlowBaselineRow r) {
        return r == null
                ? new ScanMemory(guestId, new FlowBaseline(), null)
                : new ScanMemory(guestId, FlowBaseline.restore(read(r.state())), r.updatedAt());
    }

    private static FlowBaseline.Snapshot read(String json) {
        try {
            return ProtocolJson.mapper().readValue(json, FlowBaseline.Snapshot.class);
        } catch (JsonProcessingException e) {
            // Written by this server: a state that no longer reads is a bug, not bad input.
            throw new IllegalStateException("stored flow baseline does not read: " + e, e);
        }
    }

    /** The finding as the resource ladder and its notifications carry it. */
    static ResourceFinding asResource(ScanFinding f) {
        Map<String, Number> extra = new LinkedHashMap<>();
        extra.put("failureRatio", Math.round(f.failureRatio() * 1000) / 1000.0);
        extra.put("newFlows", f.newFlows());
        if (f.port() != null) {
            extra.put("port", f.port());
        }
        return new ResourceFinding(
                ResourceKind.SCAN,
                f.observed(),
                Math.ceil(f.threshold()),
                f.start(),
                f.end(),
                Double.NaN,
                f.clause(),
                extra);
    }

    /** A finding as stored: the pattern, the window's figures, the bar and the guest's usual. */
    static Map<String, Object> evidence(ScanFinding f) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("pattern", f.pattern().wire());
        e.put("observed", f.observed());
        e.put("threshold", Math.ceil(f.threshold()));
        e.put("baseline", Math.round(f.baseline() * 100) / 100.0);
        e.put("failureRatio", Math.round(f.failureRatio() * 1000) / 1000.0);
        if (f.port() != null) {
            e.put("port", f.port());
        }
        e.put("newFlows", f.newFlows());
        e.put("distinctDestinations", f.distinctDestinations());
        e.put("windowStart", f.start().toString());
        e.put("windowEnd", f.end().toString());
        e.put("clause", f.clause());
        return e;
    }
}
