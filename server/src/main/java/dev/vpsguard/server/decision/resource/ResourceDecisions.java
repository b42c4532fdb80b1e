package dev.vpsguard.server.decision.resource;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.action.ActionDetail;
import dev.vpsguard.server.action.ActionRepository;
import dev.vpsguard.server.action.ActionRow;
import dev.vpsguard.server.action.ActionService;
import dev.vpsguard.server.action.ApprovalHandler;
import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.Reasons;
import dev.vpsguard.server.audit.AuditLog;
import dev.vpsguard.server.decision.FindingRepository;
import dev.vpsguard.server.decision.FindingRow;
import dev.vpsguard.server.decision.LadderJson;
import dev.vpsguard.server.decision.smtp.GuestMemory;
import dev.vpsguard.server.decision.smtp.LadderService;
import dev.vpsguard.server.detect.ResourceAbuseDetector;
import dev.vpsguard.server.detect.ResourceFinding;
import dev.vpsguard.server.detect.ResourceKind;
import dev.vpsguard.server.host.HostRepository;
import dev.vpsguard.server.ingest.StoredReport;
import dev.vpsguard.server.ladder.Actor;
import dev.vpsguard.server.ladder.ResourceEvent;
import dev.vpsguard.server.ladder.ResourceLadderStep;
import dev.vpsguard.server.ladder.ResourceStep;
import dev.vpsguard.server.policy.PolicySet;
import dev.vpsguard.server.policy.ResourcePolicy;
import dev.vpsguard.server.tenant.TenantService;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Resource abuse in the report's transaction (R1–R6): runs every guest sample through the resource
 * detector with the host's contention, persists the findings, feeds each quota's ladder (a finding,
 * a sample still over the quota, or a tick) and carries out what it decided, so the reply to the
 * report that crosses a threshold already carries the action. Also the operator's side: approving
 * or refusing a pending resource action, and reinstating an isolated or suspended guest (R3).
 */
@Singleton
public class ResourceDecisions implements ApprovalHandler {
    private final LadderService guests;
    private final ResourceLadders ladders;
    private final ResourceActions actions;
    private final ActionRepository actionRows;
    private final FindingRepository findings;
    private final HostRepository hosts;
    private final TenantService tenants;
    private final PolicySet policies;
    private final AuditLog audit;
    private final Clock clock;

    ResourceDecisions(
            LadderService guests,
            ResourceLadders ladders,
            ResourceActions actions,
            ActionRepository actionRows,
            FindingRepository findings,
            HostRepository hosts,
            TenantService tenants,
            PolicySet policies,
            AuditLog audit,
            Clock clock) {
        this.audit = audit;
        this.guests = guests;
        this.ladders = ladders;
        this.actions = actions;
        this.actionRows = actionRows;
        this.findings = findings;
        this.hosts = hosts;
        this.tenants = tenants;
        this.policies = policies;
        this.clock = clock;
    }

    /**
     * The report hook, inside its transaction, after its acks were recorded.
     *
     * @param acked the actions whose state the report's ack changed
     */
    public void stored(Report report, StoredReport stored, List<ActionService.AckChange> acked) {
        for (ActionService.AckChange c : acked) {
            actions.acked(c, guests.tenantOf(c.after().guestId()));
        }
        ladders.forgetOnRollback(stored.guests().keySet());
        ladders.preload(stored.guests().keySet());
        for (Map.Entry<String, GuestSample> e : stored.guests().entrySet()) {
            observe(e.getKey(), e.getValue(), report.host(), report.sentAt());
        }
    }

    /**
     * One guest sample. Its time is the agent's ({@code sentAt}): "sustained" is measured between
     * samples, so replayed reports count as they were taken. The ladder runs on the server's clock.
     */
    private void observe(String guestId, GuestSample sample, HostSample host, Instant sampledAt) {
        GuestMemory g = guests.memory(guestId);
        ResourcePolicy policy = policy(g);
        ResourceMemory m = ladders.memory(guestId);
        synchronized (m) {
            List<ResourceFinding> found =
                    ResourceAbuseDetector.observe(m.detector, sample, host, sampledAt, policy);
            ladders.saveDetector(m);
            Map<ResourceKind, ResourceFinding> byKind = new EnumMap<>(ResourceKind.class);
            for (ResourceFinding f : found) {
                byKind.put(f.kind(), f);
                findings.save(
                        new FindingRow(
                                UUID.randomUUID().toString(),
                                guestId,
                                clock.instant(),
                                ResourceEvidence.quota(f.kind()),
                                f.score(),
                                LadderJson.write(evidence(f, sample))));
            }
            Map<ResourceKind, Function<Instant, ResourceEvent>> events =
                    new EnumMap<>(ResourceKind.class);
            for (ResourceKind kind : ResourceKind.values()) {
                ResourceFinding f = byKind.get(kind);
                if (f != null) {
                    events.put(kind, at -> new ResourceEvent.Found(at, f));
                } else if (m.detector.overSince(kind) != null) {
                    events.put(kind, ResourceEvent.Over::new);
                } else {
                    events.put(kind, ResourceEvent.Tick::new);
                }
            }
            var t =
                    new ResourceActions.Target(
                            guestId, g.hostId, g.vmid, g.tenantId, sample.cores());
            ladders.apply(m, policy, events, a -> actions.carryOut(t, policy, a, byKind));
        }
    }

    /**
     * A scan or intrusion finding (R6) for the guest's {@code scan} ladder, in the report's
     * transaction after {@link #stored}: warn, isolate, then stop the guest, each in the mode the
     * contract gives that step.
     */
    public void scanFound(String guestId, ResourceFinding f, Integer cores) {
        GuestMemory g = guests.memory(guestId);
        ResourcePolicy policy = policy(g);
        ResourceMemory m = ladders.memory(guestId);
        var t = new ResourceActions.Target(guestId, g.hostId, g.vmid, g.tenantId, cores);
        Map<ResourceKind, ResourceFinding> byKind = Map.of(ResourceKind.SCAN, f);
        synchronized (m) {
            ladders.apply(
                    m,
                    policy,
                    Map.of(ResourceKind.SCAN, at -> new ResourceEvent.Found(at, f)),
                    a -> actions.carryOut(t, policy, a, byKind));
        }
    }

    @Override
    public boolean handles(ActionRow action) {
        return ResourceActions.Ref.parse(action.decisionRef()).isPresent();
    }

    @Override
    public ActionRow decide(ActionRow action, Actor actor, String reason, boolean approve) {
        var ref = ResourceActions.Ref.parse(action.decisionRef()).orElseThrow();
        ResourceLadderStep step =
                command(
                                ref.guestId(),
                                Map.of(
                                        ref.kind(),
                                        approve
                                                ? at -> new ResourceEvent.Approve(at, actor, reason)
                                                : at ->
                                                        new ResourceEvent.Refuse(
                                                                at, actor, reason)))
                        .get(ref.kind());
        if (step.rejection() != null) {
            throw ApiException.conflict(step.rejection());
        }
        ActionRow after = actionRows.findById(action.id()).orElseThrow();
        boolean done =
                approve
                        ? ActionRow.PENDING.equals(after.state()) && after.liftedAt() == null
                        : after.liftedAt() != null;
        if (!done) {
            // The ladder waited for another step than this row's: nothing may change.
            throw ApiException.conflict(
                    "the resource ladder of guest "
                            + ref.guestId()
                            + " no longer waits for action "
                            + action.id());
        }
        return after;
    }

    /**
     * Lifts the isolation and suspension of a guest whose customer fixed the problem (R3), with a
     * written reason; a throttle in force lifts with them. The API and the console alike.
     *
     * @param actor an operator or admin
     * @return the guest's resource view afterwards
     * @throws ApiException 400 naming {@code reason}, 409 when the guest is neither isolated nor
     *     suspended
     */
    @Transactional
    public ResourceView reinstate(String guestId, Actor actor, String reason) {
        if (!actor.staff()) {
            throw ApiException.forbidden("only operators and admins reinstate a guest");
        }
        String why = Reasons.required(reason, "reason");
        ResourceMemory m = ladders.memory(guests.memory(guestId).guestId);
        Map<ResourceKind, Function<Instant, ResourceEvent>> events =
                new EnumMap<>(ResourceKind.class);
        synchronized (m) {
            m.ladders.forEach(
                    (kind, s) -> {
                        if (s.enforced().contains(ResourceStep.ISOLATE)
                                || s.enforced().contains(ResourceStep.SUSPEND)) {
                            events.put(kind, at -> new ResourceEvent.Reinstate(at, actor, why));
                        }
                    });
        }
        if (events.isEmpty()) {
            throw ApiException.conflict("guest " + guestId + " is neither isolated nor suspended");
        }
        command(guestId, events)
                .values()
                .forEach(
                        s -> {
                            if (s.rejection() != null) {
                                throw ApiException.conflict(s.rejection());
                            }
                        });
        audit.record(actor.id(), "guest.reinstate", guestId, why);
        return view(guestId);
    }

    /** A guest's resource quotas: each ladder's position and the detector's open episodes. */
    ResourceView view(String guestId) {
        GuestMemory g = guests.memory(guestId);
        ResourceMemory m = ladders.memory(guestId);
        String contract = policies.forTenant(tenants.find(g.tenantId)).contract();
        Map<String, ResourceView.Quota> quotas = new LinkedHashMap<>();
        synchronized (m) {
            m.ladders.forEach(
                    (kind, s) ->
                            quotas.put(
                                    ResourceEvidence.quota(kind),
                                    ResourceView.Quota.of(s, m.detector.overSince(kind))));
        }
        List<ActionRow> inForce =
                actionRows.findByGuestIdAndLiftedAtIsNullOrderByCreatedAt(guestId);
        return new ResourceView(
                guestId,
                g.tenantId,
                contract,
                quotas,
                inForce.stream().map(ActionDetail::of).toList());
    }

    /** Applies operator events under the host's lock (the order reports take locks in). */
    private Map<ResourceKind, ResourceLadderStep> command(
            String guestId, Map<ResourceKind, Function<Instant, ResourceEvent>> events) {
        GuestMemory g = guests.memory(guestId);
        hosts.findByIdForUpdate(g.hostId);
        ResourcePolicy policy = policy(g);
        ResourceMemory m = ladders.memory(guestId);
        var t = new ResourceActions.Target(guestId, g.hostId, g.vmid, g.tenantId, null);
        synchronized (m) {
            return ladders.apply(m, policy, events, a -> actions.carryOut(t, policy, a, Map.of()))
                    .steps();
        }
    }

    private ResourcePolicy policy(GuestMemory g) {
        return policies.forTenant(tenants.find(g.tenantId)).resources();
    }

    /** A finding as stored: raw figures in the detector's unit, and as people read them. */
    private static Map<String, Object> evidence(ResourceFinding f, GuestSample sample) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("quota", ResourceEvidence.quota(f.kind()));
        e.put("observed", f.observed());
        e.put("limit", f.limit());
        e.put("unit", ResourceEvidence.rawUnit(f.kind()));
        e.put("since", f.since().toString());
        e.put("at", f.at().toString());
        e.put("sustainedSeconds", f.sustainedFor().toSeconds());
        if (!Double.isNaN(f.hostCpuPercent())) {
            e.put("hostCpuPercent", f.hostCpuPercent());
        }
        if (sample.cores() != null) {
            e.put("cores", sample.cores());
        }
        e.put("clause", f.clause());
        e.put("display", ResourceEvidence.of(f, null));
        e.put("displayUnit", ResourceEvidence.unit(f.kind()));
        return e;
    }
}
