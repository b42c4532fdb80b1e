package dev.vpsguard.server.decision.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.server.action.ActionRepository;
import dev.vpsguard.server.action.ActionRow;
import dev.vpsguard.server.action.ActionService;
import dev.vpsguard.server.audit.AuditLog;
import dev.vpsguard.server.decision.Decision;
import dev.vpsguard.server.decision.DecisionMetrics;
import dev.vpsguard.server.decision.DecisionPublisher;
import dev.vpsguard.server.decision.LadderJson;
import dev.vpsguard.server.detect.ResourceFinding;
import dev.vpsguard.server.detect.ResourceKind;
import dev.vpsguard.server.ladder.AuditEntry;
import dev.vpsguard.server.ladder.ResourceDecision;
import dev.vpsguard.server.ladder.ResourceLadderState;
import dev.vpsguard.server.ladder.ResourceLadderStep;
import dev.vpsguard.server.ladder.ResourceStep;
import dev.vpsguard.server.policy.ResourcePolicy;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Carries out what the resource ladders decided, in the caller's transaction: writes the audit
 * entries, adds, approves, closes or lifts the guest's resource actions (bumping the host's
 * desired-state version when its desired state changes), and publishes the decisions the outbox
 * turns into notifications. Also turns the agent's acks of actions into notifications.
 *
 * <p>A resource action's {@code decisionRef} is {@code res:<guest>:<quota>:<step>}; its params hold
 * the protocol's limits and the evidence of the finding that decided it, so that the notifications
 * sent when the agent acks it carry the same numbers.
 */
@Singleton
class ResourceActions {
    static final String REF_PREFIX = "res:";

    /** The guest an application of the ladders is about. */
    record Target(String guestId, String hostId, int vmid, String tenantId, Integer cores) {}

    /** A parsed resource {@code decisionRef}. */
    record Ref(String guestId, ResourceKind kind, ResourceStep step) {
        @Override
        public String toString() {
            return REF_PREFIX
                    + guestId
                    + ":"
                    + kind.name().toLowerCase(Locale.ROOT)
                    + ":"
                    + step.name().toLowerCase(Locale.ROOT);
        }

        static Optional<Ref> parse(String ref) {
            if (ref == null || !ref.startsWith(REF_PREFIX)) {
                return Optional.empty();
            }
            String[] p = ref.substring(REF_PREFIX.length()).split(":");
            if (p.length != 3) {
                return Optional.empty();
            }
            try {
                return Optional.of(
                        new Ref(
                                p[0],
                                ResourceKind.valueOf(p[1].toUpperCase(Locale.ROOT)),
                                ResourceStep.valueOf(p[2].toUpperCase(Locale.ROOT))));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    private final ActionService actions;
    private final ActionRepository rows;
    private final AuditLog audit;
    private final DecisionPublisher publisher;
    private final DecisionMetrics metrics;
    private final IsolationConfig isolation;

    ResourceActions(
            ActionService actions,
            ActionRepository rows,
            AuditLog audit,
            DecisionPublisher publisher,
            DecisionMetrics metrics,
            IsolationConfig isolation) {
        this.isolation = isolation;
        this.actions = actions;
        this.rows = rows;
        this.audit = audit;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * @param findings the findings of this sample by quota (the evidence of new steps)
     */
    void carryOut(
            Target t,
            ResourcePolicy policy,
            ResourceLadders.Applied applied,
            Map<ResourceKind, ResourceFinding> findings) {
        applied.steps()
                .forEach(
                        (kind, step) ->
                                carryOut(
                                        t,
                                        policy,
                                        kind,
                                        applied.before().get(kind),
                                        step,
                                        findings.get(kind)));
    }

    private void carryOut(
            Target t,
            ResourcePolicy policy,
            ResourceKind kind,
            ResourceLadderState old,
            ResourceLadderStep step,
            ResourceFinding finding) {
        ResourceLadderState now = step.state();
        Instant at = now.lastEventAt();
        for (AuditEntry e : step.audit()) {
            String detail =
                    e.reason()
                            + (e.evidence().isEmpty() ? "" : " " + LadderJson.write(e.evidence()));
            audit.record(e.actor().id(), "resource." + e.action(), t.guestId(), detail);
        }
        boolean pendingApplied = false;
        for (ResourceDecision d : step.decisions()) {
            if (d instanceof ResourceDecision.Apply a) {
                pendingApplied |= a.step() == old.pending();
                apply(t, policy, kind, a.step(), finding, step.audit(), at);
            } else if (d instanceof ResourceDecision.AwaitApproval w) {
                ActionRow row =
                        actions.add(
                                newRow(
                                        t,
                                        policy,
                                        kind,
                                        w.step(),
                                        finding,
                                        ActionRow.AWAITING_APPROVAL,
                                        at));
                publish(
                        "resource_action_pending",
                        t,
                        at,
                        row,
                        "waiting for an operator's approval (" + policy.actions().clause() + ")");
            } else if (d instanceof ResourceDecision.DryRun x) {
                Map<String, Object> details = details(kind, x.step(), policy, finding);
                details.put("reason", "dry-run policy: recorded, not enforced");
                details.put("ref", new Ref(t.guestId(), kind, x.step()) + ":" + at);
                publish(decision("resource_action_dry_run", t, at, details));
            } else if (d instanceof ResourceDecision.Lift l) {
                lift(t, policy, kind, l.step(), step.audit(), at);
            }
        }
        if (old.pending() != null && now.pending() == null && !pendingApplied) {
            // Refused, withdrawn (the guest went back under the quota) or reinstated.
            Ref ref = new Ref(t.guestId(), kind, old.pending());
            rows.findByDecisionRefAndLiftedAtIsNull(ref.toString())
                    .ifPresent(
                            r ->
                                    actions.close(
                                            r,
                                            "closed: "
                                                    + reasonOf(
                                                            step.audit(),
                                                            "resource_action_refused",
                                                            "resource_action_withdrawn",
                                                            "guest_reinstated"),
                                            at));
        }
    }

    private void apply(
            Target t,
            ResourcePolicy policy,
            ResourceKind kind,
            ResourceStep step,
            ResourceFinding finding,
            List<AuditEntry> audits,
            Instant at) {
        if (step == ResourceStep.WARN) {
            Map<String, Object> details = details(kind, step, policy, finding);
            details.put("ref", new Ref(t.guestId(), kind, step) + ":" + at);
            publish(decision("resource_warning", t, at, details));
            return;
        }
        Ref ref = new Ref(t.guestId(), kind, step);
        Optional<ActionRow> waiting =
                rows.findByDecisionRefAndLiftedAtIsNull(ref.toString())
                        .filter(r -> ActionRow.AWAITING_APPROVAL.equals(r.state()));
        ActionRow row;
        if (waiting.isPresent()) {
            AuditEntry by =
                    audits.stream()
                            .filter(e -> e.action().equals("resource_action_applied"))
                            .findFirst()
                            .orElseThrow();
            row =
                    actions.changeState(
                            waiting.get(),
                            ActionRow.PENDING,
                            "approved by " + by.actor().id() + ": " + by.reason(),
                            at);
        } else {
            row = actions.add(newRow(t, policy, kind, step, finding, ActionRow.PENDING, at));
        }
        publish("resource_action_started", t, at, row, null);
    }

    /**
     * Lifts an action in force. The customer, told when it applied, is told why it ends: the guest
     * stayed under the quota for {@code clear_after} ({@code liftAfterSeconds}), or an operator
     * reinstated it (their reason).
     */
    private void lift(
            Target t,
            ResourcePolicy policy,
            ResourceKind kind,
            ResourceStep step,
            List<AuditEntry> audits,
            Instant at) {
        Optional<ActionRow> row =
                rows.findByDecisionRefAndLiftedAtIsNull(
                        new Ref(t.guestId(), kind, step).toString());
        if (row.isEmpty()) {
            return;
        }
        ActionRow a = row.get();
        boolean wasApplied = inForce(a.state());
        ActionRow closed =
                actions.close(
                        a,
                        "lifted: " + reasonOf(audits, "throttle_lifted", "guest_reinstated"),
                        at);
        if (!wasApplied) {
            return; // never applied: the customer never heard of it
        }
        Optional<AuditEntry> reinstated =
                audits.stream().filter(e -> e.action().equals("guest_reinstated")).findFirst();
        Map<String, Object> evidence = new LinkedHashMap<>();
        if (reinstated.isEmpty()) {
            evidence.put("liftAfterSeconds", policy.escalation().clearAfter().toSeconds());
        }
        publish(
                "resource_action_lifted",
                t,
                at,
                closed,
                reinstated.map(AuditEntry::reason).orElse(null),
                evidence);
    }

    /** Notifications for the acks that changed resource and SMTP actions' states. */
    void acked(ActionService.AckChange change, String tenantId) {
        ActionRow a = change.after();
        Target t = new Target(a.guestId(), a.hostId(), a.vmid(), tenantId, null);
        Instant at = a.since();
        if (ActionStatus.FAILED.wire().equals(a.state())) {
            String why = a.detail() == null || a.detail().isBlank() ? "no detail" : a.detail();
            publish("action_failed", t, at, a, why);
        } else if (inForce(a.state())
                && !inForce(change.before().state())
                && Ref.parse(a.decisionRef()).isPresent()) {
            publish("resource_action_applied", t, at, a, null);
        }
    }

    private static boolean inForce(String state) {
        return ActionStatus.APPLIED.wire().equals(state)
                || ActionStatus.DEGRADED.wire().equals(state);
    }

    private ActionRow newRow(
            Target t,
            ResourcePolicy policy,
            ResourceKind kind,
            ResourceStep step,
            ResourceFinding finding,
            String state,
            Instant at) {
        Map<String, Object> params = details(kind, step, policy, finding);
        params.remove("action");
        switch (step) {
            case THROTTLE -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> evidence = (Map<String, Object>) params.get("evidence");
                switch (kind) {
                    case CPU -> {
                        int cores = t.cores() == null ? 1 : t.cores();
                        double limit = policy.cpu().maxShare() * cores;
                        params.put(
                                "cpuLimitCores", Math.max(0.01, Math.round(limit * 100) / 100.0));
                        evidence.put("cap", policy.cpu().maxShare() * 100);
                    }
                    case EGRESS -> {
                        double floor = policy.egress().throttleFloorMbitPerSec();
                        params.put("rateBytesPerSec", Math.round(floor * 1_000_000 / 8));
                        evidence.put("cap", floor); // never below the guaranteed rate (R4)
                    }
                    case PACKETS -> {
                        params.put("packetsPerSec", Math.round(policy.packets().maxPerSec()));
                        evidence.put("cap", policy.packets().maxPerSec());
                    }
                    default ->
                            throw new IllegalStateException("no throttle for " + kind + " quotas");
                }
            }
            case ISOLATE -> params.put("allowedDestinations", isolation.allowedDestinations());
            default -> {
                // SUSPEND has no parameter.
            }
        }
        return new ActionRow(
                UUID.randomUUID().toString(),
                t.hostId(),
                t.guestId(),
                t.vmid(),
                actionType(kind, step),
                LadderJson.write(params),
                null,
                state,
                null,
                at,
                new Ref(t.guestId(), kind, step).toString(),
                at,
                null);
    }

    /** The protocol action of a step; {@code warn} for the warning, which enforces nothing. */
    static String actionType(ResourceKind kind, ResourceStep step) {
        return switch (step) {
            case WARN -> "warn";
            case THROTTLE ->
                    (kind == ResourceKind.CPU ? ActionType.THROTTLE_CPU : ActionType.THROTTLE_NET)
                            .wire();
            case ISOLATE -> ActionType.ISOLATE.wire();
            case SUSPEND -> ActionType.SUSPEND.wire();
        };
    }

    /** What every resource decision carries: quota, step, action, clauses and evidence. */
    private static Map<String, Object> details(
            ResourceKind kind, ResourceStep step, ResourcePolicy policy, ResourceFinding finding) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("quota", ResourceEvidence.quota(kind));
        d.put("step", step.name().toLowerCase(Locale.ROOT));
        d.put("action", actionType(kind, step));
        d.put("unit", ResourceEvidence.unit(kind));
        d.put("clause", finding != null ? finding.clause() : quotaClause(kind, policy));
        if (step != ResourceStep.WARN) {
            d.put("actionClause", policy.actions().clause());
        }
        Long liftAfter =
                step == ResourceStep.THROTTLE ? policy.escalation().clearAfter().toSeconds() : null;
        if (finding != null) {
            d.put("evidence", ResourceEvidence.of(finding, liftAfter));
        } else {
            Map<String, Object> e = new LinkedHashMap<>();
            double limit = ResourceEvidence.limit(kind, policy);
            if (!Double.isNaN(limit)) {
                e.put("limit", ResourceEvidence.display(kind, limit));
            }
            if (liftAfter != null) {
                e.put("liftAfterSeconds", liftAfter);
            }
            d.put("evidence", e);
        }
        return d;
    }

    private static String quotaClause(ResourceKind kind, ResourcePolicy p) {
        return switch (kind) {
            case CPU -> p.cpu().clause();
            case DISK_BYTES, DISK_IOPS -> p.disk().clause();
            case EGRESS -> p.egress().clause();
            case PACKETS -> p.packets().clause();
            case SCAN -> p.actions().clause();
        };
    }

    /** Publishes a decision about action {@code a}, with the quota and evidence in its params. */
    private void publish(String kind, Target t, Instant at, ActionRow a, String reason) {
        publish(kind, t, at, a, reason, null);
    }

    /** As above; {@code evidence}, when given, replaces the params' evidence. */
    private void publish(
            String kind,
            Target t,
            Instant at,
            ActionRow a,
            String reason,
            Map<String, Object> evidence) {
        JsonNode p = ActionService.params(a);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", a.type());
        details.put("actionId", a.id());
        details.put("state", a.state());
        for (String key : List.of("quota", "step", "unit", "clause", "actionClause")) {
            if (p.hasNonNull(key)) {
                details.put(key, p.get(key).asText());
            }
        }
        if (evidence != null) {
            details.put("evidence", LadderJson.write(evidence));
        } else if (p.has("evidence")) {
            details.put("evidence", p.get("evidence").toString());
        }
        if (reason != null) {
            details.put("reason", reason);
        }
        details.put("ref", a.id() + ":" + kind + ":" + a.state() + ":" + at);
        publish(decision(kind, t, at, details));
    }

    private void publish(Decision d) {
        publisher.published(d);
        metrics.taken(d);
    }

    private static Decision decision(
            String kind, Target t, Instant at, Map<String, Object> details) {
        Map<String, Object> d = new LinkedHashMap<>(details);
        if (d.get("evidence") instanceof Map<?, ?> m) {
            d.put("evidence", LadderJson.write(m));
        }
        d.values().removeIf(v -> v == null);
        return new Decision(kind, at, t.guestId(), t.hostId(), t.vmid(), t.tenantId(), null, d);
    }

    /** The reason the ladder gave in the first audit entry of one of {@code actions}. */
    private static String reasonOf(List<AuditEntry> audits, String... actions) {
        List<String> wanted = List.of(actions);
        return audits.stream()
                .filter(e -> wanted.contains(e.action()))
                .map(e -> e.action().replace('_', ' ') + ": " + e.reason())
                .findFirst()
                .orElse("");
    }
}
