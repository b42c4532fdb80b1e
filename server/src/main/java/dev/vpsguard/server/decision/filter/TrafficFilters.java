package dev.vpsguard.server.decision.filter;

import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.action.ActionRepository;
import dev.vpsguard.server.action.ActionRow;
import dev.vpsguard.server.action.ActionService;
import dev.vpsguard.server.audit.AuditLog;
import dev.vpsguard.server.decision.DetectionConfig;
import dev.vpsguard.server.decision.GuestStateCache;
import dev.vpsguard.server.decision.GuestStateCaches;
import dev.vpsguard.server.decision.LadderJson;
import dev.vpsguard.server.decision.smtp.GuestMemory;
import dev.vpsguard.server.decision.smtp.LadderService;
import dev.vpsguard.server.ingest.StoredReport;
import dev.vpsguard.server.policy.NetworkPolicy;
import dev.vpsguard.server.policy.PolicySet;
import dev.vpsguard.server.tenant.TenantService;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standing port filters and UDP/ICMP limits of each guest's contract (R7), decided by the
 * server on every report and sent as one {@code traffic_filter} action per guest ({@code
 * decisionRef} {@code filter:<guest>}) in the host's desired state. When the contract's filters
 * change (a new policy, the guest moved to another tenant), the old action is lifted and a new one
 * added in the same transaction, so the reply carries the new filters. A host whose agent has not
 * shown it understands the action ({@link AgentFeatures}) is sent nothing: the guest's filters are
 * withheld, written once to the audit log and the server log, and sent as soon as the agent shows
 * it can take them.
 */
@Singleton
public class TrafficFilters {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficFilters.class);
    static final String REF_PREFIX = "filter:";

    /** What was last settled for a guest: the params in force ("" for none), or withheld ones. */
    static final class Settled {
        String params;
        boolean withheld;
    }

    private final GuestStateCache<Settled> settled;
    private final Map<NetworkPolicy.Filters, String> paramsOf = new ConcurrentHashMap<>();
    private final AgentFeatures features;
    private final ActionService actions;
    private final ActionRepository rows;
    private final AuditLog audit;
    private final LadderService guests;
    private final TenantService tenants;
    private final PolicySet policies;
    private final Clock clock;

    TrafficFilters(
            AgentFeatures features,
            ActionService actions,
            ActionRepository rows,
            AuditLog audit,
            LadderService guests,
            TenantService tenants,
            PolicySet policies,
            TransactionOperations<Connection> transactions,
            DetectionConfig config,
            GuestStateCaches caches,
            Clock clock) {
        this.features = features;
        this.actions = actions;
        this.rows = rows;
        this.audit = audit;
        this.guests = guests;
        this.tenants = tenants;
        this.policies = policies;
        this.clock = clock;
        this.settled = caches.register(new GuestStateCache<>(config, transactions, this::load));
    }

    /** The report hook, inside its transaction. */
    public void stored(Report report, StoredReport stored) {
        boolean capable = features.trafficFilter(report);
        settled.forgetOnRollback(stored.guests().keySet());
        settled.preload(stored.guests().keySet(), this::loadAll);
        for (Map.Entry<String, GuestSample> e : stored.guests().entrySet()) {
            settle(e.getKey(), capable);
        }
    }

    private void settle(String guestId, boolean capable) {
        GuestMemory g = guests.memory(guestId);
        NetworkPolicy.Filters f = policies.forTenant(tenants.find(g.tenantId)).network().filters();
        // The policies are loaded once: their params are written once, not per guest and report.
        String want = f.any() ? paramsOf.computeIfAbsent(f, TrafficFilters::params) : "";
        Settled s = settled.get(guestId);
        synchronized (s) {
            if (want.equals(s.params) && !s.withheld) {
                return;
            }
            if (!want.isEmpty() && !capable) {
                if (!s.withheld || !want.equals(s.params)) {
                    String why =
                            "traffic_filter withheld: the agent of host "
                                    + g.hostId
                                    + " has not shown it understands it (no outbound flow counts"
                                    + " in its reports); an older agent would refuse the whole"
                                    + " desired state";
                    audit.record("system", "filter.withheld", guestId, why + " " + want);
                    LOG.warn("Guest {} (vmid {}): {}", guestId, g.vmid, why);
                    s.params = want;
                    s.withheld = true;
                }
                return;
            }
            Instant now = clock.instant();
            rows.findByDecisionRefAndLiftedAtIsNull(REF_PREFIX + guestId)
                    .ifPresent(
                            old ->
                                    actions.close(
                                            old, "lifted: the contract's filters changed", now));
            if (!want.isEmpty()) {
                actions.add(
                        new ActionRow(
                                UUID.randomUUID().toString(),
                                g.hostId,
                                guestId,
                                g.vmid,
                                ActionType.TRAFFIC_FILTER.wire(),
                                want,
                                null,
                                ActionRow.PENDING,
                                null,
                                now,
                                REF_PREFIX + guestId,
                                now,
                                null));
                audit.record("system", "filter.applied", guestId, want);
            }
            s.params = want;
            s.withheld = false;
        }
    }

    /** The first-seen guests' filters in force, in one query, not one per guest. */
    private Map<String, Settled> loadAll(Set<? extends String> guestIds) {
        Map<String, String> params = new HashMap<>();
        List<String> refs = guestIds.stream().map(id -> REF_PREFIX + id).toList();
        for (ActionRow r : rows.findByDecisionRefInAndLiftedAtIsNull(refs)) {
            params.put(
                    r.decisionRef().substring(REF_PREFIX.length()),
                    Objects.requireNonNullElse(r.params(), ""));
        }
        Map<String, Settled> out = new HashMap<>();
        for (String id : guestIds) {
            Settled s = new Settled();
            s.params = params.getOrDefault(id, "");
            out.put(id, s);
        }
        return out;
    }

    private Settled load(String guestId) {
        Settled s = new Settled();
        s.params =
                rows.findByDecisionRefAndLiftedAtIsNull(REF_PREFIX + guestId)
                        .map(ActionRow::params)
                        .map(p -> Objects.requireNonNullElse(p, ""))
                        .orElse("");
        return s;
    }

    /**
     * The action's params: the protocol's {@code blockedPorts}, {@code udpLimit} and {@code
     * icmpLimit} (see {@link ActionService#desired}), and the clause.
     */
    static String params(NetworkPolicy.Filters f) {
        Map<String, Object> ports = new LinkedHashMap<>();
        put(ports, "outboundTcp", f.outboundTcp());
        put(ports, "outboundUdp", f.outboundUdp());
        put(ports, "inboundTcp", f.inboundTcp());
        put(ports, "inboundUdp", f.inboundUdp());
        Map<String, Object> p = new LinkedHashMap<>();
        if (!ports.isEmpty()) {
            p.put("blockedPorts", ports);
        }
        if (f.udp() != null) {
            p.put("udpLimit", limit(f.udp()));
        }
        if (f.icmp() != null) {
            p.put("icmpLimit", limit(f.icmp()));
        }
        p.put("clause", f.clause());
        return LadderJson.write(p);
    }

    private static void put(Map<String, Object> m, String key, java.util.List<String> ports) {
        if (!ports.isEmpty()) {
            m.put(key, ports);
        }
    }

    private static Map<String, Object> limit(NetworkPolicy.Limit l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packetsPerSec", l.packetsPerSec());
        m.put("burstPackets", l.burstPackets());
        return m;
    }
}
