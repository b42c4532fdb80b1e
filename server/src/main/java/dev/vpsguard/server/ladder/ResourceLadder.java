package dev.vpsguard.server.ladder;

import dev.vpsguard.server.detect.ResourceFinding;
import dev.vpsguard.server.detect.ResourceKind;
import dev.vpsguard.server.policy.ActionMode;
import dev.vpsguard.server.policy.ResourcePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resource ladder (R2, R3, R6) as a pure state machine: warn → throttle → isolate (network
 * quotas) or suspend (CPU, disk). Disk quotas have no throttle (the agent cannot limit disk IO), so
 * they go from the warning to suspension. The first finding warns; a finding that comes at least
 * {@code escalation.after} after the last step climbs one step. Each step's mode comes from the
 * policy: {@code auto} enforces it, {@code approve} makes it wait for an operator or admin, {@code
 * dry-run} only records what would have happened (and still climbs, to show the whole path). After
 * {@code escalation.clear_after} during which the guest was never over the quota (no finding and no
 * {@link ResourceEvent.Over}), the ladder resets, a throttle lifts and a step waiting for approval
 * is withdrawn; isolation and suspension stay until an operator reinstates the guest (R3).
 */
public final class ResourceLadder {
    private ResourceLadder() {}

    /** Applies one event; events must come in time order. */
    public static ResourceLadderStep apply(
            ResourceLadderState s, ResourceEvent event, ResourcePolicy policy) {
        Instant at = event.at();
        if (s.lastEventAt() != null && at.isBefore(s.lastEventAt())) {
            throw new IllegalArgumentException(
                    "event at " + at + " is before the last event at " + s.lastEventAt());
        }
        var r = new Run(s, at, policy);
        String rejection = null;
        if (event instanceof ResourceEvent.Found f) {
            r.found(f.finding());
        } else if (event instanceof ResourceEvent.Approve a) {
            rejection = r.approve(a.actor(), a.reason());
        } else if (event instanceof ResourceEvent.Refuse x) {
            rejection = r.refuse(x.actor(), x.reason());
        } else if (event instanceof ResourceEvent.Reinstate x) {
            rejection = r.reinstate(x.actor(), x.reason());
        } else if (event instanceof ResourceEvent.Over) {
            r.over();
        } else {
            r.quiet();
        }
        return new ResourceLadderStep(r.state(), r.decisions, r.audit, rejection);
    }

    private static final class Run {
        final String guest;
        final ResourceKind kind;
        final Instant at;
        final ResourcePolicy policy;
        ResourceStep level;
        Instant lastStepAt;
        Instant lastFindingAt;
        ResourceStep pending;
        Instant pendingSince;
        final Set<ResourceStep> enforced = EnumSet.noneOf(ResourceStep.class);
        final List<ResourceDecision> decisions = new ArrayList<>();
        final List<AuditEntry> audit = new ArrayList<>();

        Run(ResourceLadderState s, Instant at, ResourcePolicy policy) {
            guest = s.guest();
            kind = s.kind();
            this.at = at;
            this.policy = policy;
            level = s.level();
            lastStepAt = s.lastStepAt();
            lastFindingAt = s.lastFindingAt();
            pending = s.pending();
            pendingSince = s.pendingSince();
            enforced.addAll(s.enforced());
        }

        ResourceLadderState state() {
            return new ResourceLadderState(
                    guest,
                    kind,
                    level,
                    lastStepAt,
                    lastFindingAt,
                    pending,
                    pendingSince,
                    enforced,
                    at);
        }

        void found(ResourceFinding f) {
            quiet();
            lastFindingAt = at;
            if (pending != null) {
                return; // waiting for a person; a new finding changes nothing
            }
            ResourceStep next;
            if (level == null) {
                next = ResourceStep.WARN;
            } else if (level == ResourceStep.WARN && kind.throttleable()) {
                next = ResourceStep.THROTTLE;
            } else if (level == ResourceStep.WARN || level == ResourceStep.THROTTLE) {
                next = kind.network() ? ResourceStep.ISOLATE : ResourceStep.SUSPEND;
            } else if (level == ResourceStep.ISOLATE && kind == ResourceKind.SCAN) {
                // Still scanning through its isolation (not applied, or the allowed addresses
                // are its targets): the contract allows stopping the VM (R6).
                next = ResourceStep.SUSPEND;
            } else {
                return; // top of the ladder
            }
            if (level != null
                    && Duration.between(lastStepAt, at).compareTo(policy.escalation().after())
                            < 0) {
                return;
            }
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("kind", kind.name());
            ev.put("observed", f.observed());
            ev.put("limit", f.limit());
            ev.put("since", f.since().toString());
            ev.put("sustainedSeconds", f.sustainedFor().toSeconds());
            if (!Double.isNaN(f.hostCpuPercent())) {
                ev.put("hostCpuPercent", f.hostCpuPercent());
            }
            ev.put("step", next.name());
            ActionMode mode = mode(next);
            switch (mode) {
                case AUTO -> {
                    enforce(next, Actor.SYSTEM, "quota exceeded (" + f.clause() + ")", ev);
                }
                case APPROVE -> {
                    pending = next;
                    pendingSince = at;
                    decisions.add(new ResourceDecision.AwaitApproval(next, kind));
                    audit(
                            Actor.SYSTEM,
                            "resource_action_pending",
                            "waiting for approval (" + policy.actions().clause() + ")",
                            ev);
                }
                case DRY_RUN -> {
                    level = next;
                    lastStepAt = at;
                    decisions.add(
                            new ResourceDecision.DryRun(
                                    next, kind, limit(), policy.actions().clause()));
                    audit(
                            Actor.SYSTEM,
                            "resource_action_dry_run",
                            "would " + next.name().toLowerCase() + " (dry-run policy)",
                            ev);
                }
            }
        }

        String approve(Actor who, String reason) {
            String no = staffCheck(who, reason, false);
            if (no == null && pending == null) {
                no = "no action is waiting for approval";
            }
            if (no != null) {
                audit(who, "resource_approval_rejected", no, Map.of());
                return no;
            }
            ResourceStep step = pending;
            pending = null;
            pendingSince = null;
            enforce(
                    step,
                    who,
                    reason == null || reason.isBlank() ? "approved" : reason,
                    Map.of("kind", kind.name(), "step", step.name()));
            return null;
        }

        String refuse(Actor who, String reason) {
            String no = staffCheck(who, reason, true);
            if (no == null && pending == null) {
                no = "no action is waiting for approval";
            }
            if (no != null) {
                audit(who, "resource_refusal_rejected", no, Map.of());
                return no;
            }
            Map<String, Object> ev = Map.of("kind", kind.name(), "step", pending.name());
            pending = null;
            pendingSince = null;
            lastStepAt = at; // ask again only after another escalation period of abuse
            audit(who, "resource_action_refused", reason, ev);
            return null;
        }

        String reinstate(Actor who, String reason) {
            String no = staffCheck(who, reason, true);
            if (no == null
                    && !enforced.contains(ResourceStep.ISOLATE)
                    && !enforced.contains(ResourceStep.SUSPEND)) {
                no = "the guest is neither isolated nor suspended";
            }
            if (no != null) {
                audit(who, "reinstate_rejected", no, Map.of());
                return no;
            }
            for (ResourceStep st :
                    List.of(ResourceStep.ISOLATE, ResourceStep.SUSPEND, ResourceStep.THROTTLE)) {
                if (enforced.remove(st)) {
                    decisions.add(new ResourceDecision.Lift(st, kind));
                }
            }
            level = null;
            lastStepAt = null;
            pending = null;
            pendingSince = null;
            audit(who, "guest_reinstated", reason, Map.of("kind", kind.name()));
            return null;
        }

        /** Still over the quota: the quiet period starts again from now. */
        void over() {
            quiet();
            if (lastFindingAt != null) {
                lastFindingAt = at;
            }
        }

        /** Resets after a quiet period; a throttle lifts, isolation and suspension stay (R3). */
        void quiet() {
            if (lastFindingAt == null
                    || Duration.between(lastFindingAt, at)
                                    .compareTo(policy.escalation().clearAfter())
                            < 0) {
                return;
            }
            if (enforced.remove(ResourceStep.THROTTLE)) {
                decisions.add(new ResourceDecision.Lift(ResourceStep.THROTTLE, kind));
                audit(
                        Actor.SYSTEM,
                        "throttle_lifted",
                        "under the quota for "
                                + policy.escalation().clearAfter().toMinutes()
                                + " min",
                        Map.of("kind", kind.name()));
            }
            if (!enforced.contains(ResourceStep.ISOLATE)
                    && !enforced.contains(ResourceStep.SUSPEND)) {
                level = null;
                lastStepAt = null;
            }
            if (pending != null) {
                audit(
                        Actor.SYSTEM,
                        "resource_action_withdrawn",
                        "the abuse stopped before approval",
                        Map.of("kind", kind.name(), "step", pending.name()));
            }
            pending = null;
            pendingSince = null;
            lastFindingAt = null;
        }

        private void enforce(ResourceStep step, Actor who, String why, Map<String, Object> ev) {
            level = step;
            lastStepAt = at;
            if (step != ResourceStep.WARN) {
                enforced.add(step);
            }
            decisions.add(
                    new ResourceDecision.Apply(step, kind, limit(), policy.actions().clause()));
            audit(who, "resource_action_applied", why, ev);
        }

        private double limit() {
            return switch (kind) {
                case CPU -> policy.cpu().maxShare();
                case DISK_BYTES -> policy.disk().maxBytesPerSec();
                case DISK_IOPS -> policy.disk().maxIops();
                case EGRESS -> policy.egress().throttleFloorMbitPerSec() * 1_000_000 / 8;
                case PACKETS -> policy.packets().maxPerSec();
                case SCAN -> 0; // no throttle: the finding carries its own threshold
            };
        }

        private ActionMode mode(ResourceStep step) {
            var a = policy.actions();
            return switch (step) {
                case WARN -> a.warn();
                case THROTTLE -> a.throttle();
                case ISOLATE -> a.isolate();
                case SUSPEND -> a.suspend();
            };
        }

        private static String staffCheck(Actor who, String reason, boolean reasonRequired) {
            if (!who.staff()) {
                return "only operators and admins may do this";
            }
            if (reasonRequired && (reason == null || reason.isBlank())) {
                return "a written reason is required";
            }
            return null;
        }

        private void audit(Actor who, String action, String reason, Map<String, Object> ev) {
            audit.add(new AuditEntry(guest, at, who, action, reason, ev));
        }
    }
}
