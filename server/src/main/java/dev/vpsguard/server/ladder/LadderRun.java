package dev.vpsguard.server.ladder;

import dev.vpsguard.server.detect.SpamFinding;
import dev.vpsguard.server.ladder.LadderDecision.AwaitOperator;
import dev.vpsguard.server.ladder.LadderDecision.LiftSmtpBlock;
import dev.vpsguard.server.ladder.LadderDecision.StartSmtpBlock;
import dev.vpsguard.server.ladder.SmtpBlock.LiftReason;
import dev.vpsguard.server.ladder.UnblockOutcome.Kind;
import dev.vpsguard.server.ladder.UnblockRequest.Status;
import dev.vpsguard.server.policy.LadderPolicy;
import dev.vpsguard.server.policy.Rung;
import dev.vpsguard.server.policy.UnblockMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The working copy of one {@link StrikeLadder#apply} call: mutable lists, turned into a state. */
final class LadderRun {
    final String guest;
    final Instant at;
    final List<SmtpBlock> blocks;
    final List<UnblockRequest> requests;
    final List<LadderDecision> decisions = new ArrayList<>();
    final List<AuditEntry> audit = new ArrayList<>();

    LadderRun(SmtpLadderState s, Instant at) {
        this.guest = s.guest();
        this.at = at;
        this.blocks = new ArrayList<>(s.blocks());
        this.requests = new ArrayList<>(s.requests());
    }

    SmtpLadderState state() {
        return new SmtpLadderState(guest, blocks, requests, at);
    }

    SmtpBlock active() {
        if (blocks.isEmpty()) {
            return null;
        }
        SmtpBlock last = blocks.get(blocks.size() - 1);
        return last.active() ? last : null;
    }

    void liftIfDue() {
        SmtpBlock b = active();
        if (b != null && b.scheduledLiftAt() != null && !at.isBefore(b.scheduledLiftAt())) {
            lift(
                    b,
                    Actor.SYSTEM,
                    LiftReason.REQUEST_GRANTED,
                    "minimum duration ended; unblock request granted earlier");
        }
    }

    void finding(SpamFinding f, LadderPolicy policy) {
        SmtpBlock b = active();
        if (b != null) {
            blocks.set(blocks.size() - 1, b.withFindingDuringBlock());
            if (b.findingsDuringBlock() == 0) {
                audit(
                        Actor.SYSTEM,
                        "finding_during_block",
                        "spam seen again during block " + b.strike() + ": no new strike",
                        evidence(f, b.strike()));
            }
            return;
        }
        int strike =
                1
                        + new SmtpLadderState(guest, blocks, requests, at)
                                .strikesCounting(at, policy.strikeMemory());
        Rung rung = policy.rung(strike);
        UnblockMode mode = policy.unblockMode(strike);
        String clause =
                mode == UnblockMode.REFUSED && rung.unblock() != UnblockMode.REFUSED
                        ? policy.clause()
                        : rung.clause();
        Instant minUntil = at.plus(rung.minDuration());
        blocks.add(new SmtpBlock(strike, at, minUntil, mode, clause, f, 0, null, null, null, null));
        decisions.add(new StartSmtpBlock(strike, minUntil, mode, clause, f));
        Map<String, Object> ev = evidence(f, strike);
        ev.put("minUntil", minUntil.toString());
        ev.put("unblock", mode.key());
        ev.put("clause", clause);
        audit(
                Actor.SYSTEM,
                "smtp_block_started",
                "spam identified (" + f.rules() + "), strike " + strike,
                ev);
    }

    UnblockOutcome request(LadderEvent.UnblockRequested e) {
        SmtpBlock b = active();
        if (b == null) {
            audit(e.actor(), "unblock_request_without_block", e.reason(), Map.of());
            return new UnblockOutcome(Kind.NO_ACTIVE_BLOCK, "no active SMTP block", null, "S7", 0);
        }
        int id = requests.size() + 1;
        UnblockRequest r =
                new UnblockRequest(
                        id,
                        b.strike(),
                        at,
                        e.actor(),
                        e.channel(),
                        e.reason(),
                        Status.QUEUED,
                        null,
                        null,
                        null);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("requestId", id);
        ev.put("strike", b.strike());
        ev.put("channel", e.channel().name());
        audit(e.actor(), "unblock_requested", e.reason(), ev);
        switch (b.mode()) {
            case REFUSED -> {
                String why =
                        "strike "
                                + b.strike()
                                + ": unblock requests are refused from this"
                                + " block on ("
                                + b.clause()
                                + ")";
                requests.add(r.decided(Status.REFUSED, at, Actor.SYSTEM, why));
                audit(Actor.SYSTEM, "unblock_refused", why, ev);
                return new UnblockOutcome(Kind.REFUSED, why, null, b.clause(), id);
            }
            case OPERATOR -> {
                requests.add(r);
                decisions.add(new AwaitOperator(id, b.strike()));
                audit(Actor.SYSTEM, "unblock_queued", "this rung needs an operator's decision", ev);
                return new UnblockOutcome(
                        Kind.QUEUED, "an operator will decide", null, b.clause(), id);
            }
            default -> {
                return grant(b, r, Actor.SYSTEM, LiftReason.REQUEST_GRANTED, "on request", ev);
            }
        }
    }

    UnblockOutcome decide(LadderEvent.OperatorDecided e) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("requestId", e.requestId());
        ev.put("approve", e.approve());
        int idx = e.requestId() - 1;
        UnblockRequest r = idx >= 0 && idx < requests.size() ? requests.get(idx) : null;
        SmtpBlock b = active();
        String problem = null;
        if (!e.actor().staff()) {
            problem = "only operators and admins decide on unblock requests";
        } else if (r == null
                || r.status() != Status.QUEUED
                || b == null
                || b.strike() != r.strike()) {
            problem = "no queued request " + e.requestId() + " for the active block";
        } else if (!e.approve() && blank(e.reason())) {
            problem = "a refusal needs a written reason";
        }
        if (problem != null) {
            audit(e.actor(), "unblock_decision_rejected", problem, ev);
            return new UnblockOutcome(Kind.REJECTED, problem, null, "S7", e.requestId());
        }
        if (!e.approve()) {
            requests.set(idx, r.decided(Status.REFUSED, at, e.actor(), e.reason()));
            audit(e.actor(), "unblock_refused", e.reason(), ev);
            return new UnblockOutcome(Kind.REFUSED, e.reason(), null, b.clause(), r.id());
        }
        requests.remove(idx);
        return grant(
                b,
                r,
                e.actor(),
                LiftReason.OPERATOR_APPROVED,
                blank(e.reason()) ? "approved by an operator" : e.reason(),
                ev,
                idx);
    }

    UnblockOutcome override(LadderEvent.AdminOverride e) {
        SmtpBlock b = active();
        Map<String, Object> ev = new LinkedHashMap<>();
        if (b == null) {
            audit(e.actor(), "override_without_block", e.reason(), ev);
            return new UnblockOutcome(Kind.NO_ACTIVE_BLOCK, "no active SMTP block", null, "S9", 0);
        }
        ev.put("strike", b.strike());
        ev.put("minUntil", b.minUntil().toString());
        if (e.actor().role() != Role.ADMIN || blank(e.reason())) {
            String why =
                    e.actor().role() != Role.ADMIN
                            ? "only an admin may override a block"
                            : "an override needs a written reason";
            audit(e.actor(), "override_denied", why, ev);
            return new UnblockOutcome(Kind.REJECTED, why, null, "S9", 0);
        }
        lift(b, e.actor(), LiftReason.ADMIN_OVERRIDE, e.reason());
        return new UnblockOutcome(Kind.GRANTED, e.reason(), at, "S9", 0);
    }

    private UnblockOutcome grant(
            SmtpBlock b,
            UnblockRequest r,
            Actor by,
            LiftReason why,
            String text,
            Map<String, Object> ev) {
        return grant(b, r, by, why, text, ev, requests.size());
    }

    /** Grants {@code r} (inserted at {@code idx}): lift now, or schedule at the minimum's end. */
    private UnblockOutcome grant(
            SmtpBlock b,
            UnblockRequest r,
            Actor by,
            LiftReason why,
            String text,
            Map<String, Object> ev,
            int idx) {
        if (at.isBefore(b.minUntil())) {
            requests.add(idx, r.decided(Status.SCHEDULED, at, by, text));
            blocks.set(blocks.size() - 1, b.scheduled(b.minUntil()));
            ev.put("liftAt", b.minUntil().toString());
            audit(by, "unblock_scheduled", text + "; lifts when the minimum duration ends", ev);
            return new UnblockOutcome(
                    Kind.SCHEDULED,
                    "the block lifts when its minimum duration" + " ends",
                    b.minUntil(),
                    b.clause(),
                    r.id());
        }
        requests.add(idx, r.decided(Status.GRANTED, at, by, text));
        lift(b, by, why, text);
        return new UnblockOutcome(Kind.GRANTED, text, at, b.clause(), r.id());
    }

    private void lift(SmtpBlock b, Actor by, LiftReason why, String text) {
        blocks.set(blocks.size() - 1, b.lifted(at, by, why));
        for (int i = 0; i < requests.size(); i++) {
            UnblockRequest r = requests.get(i);
            if (r.strike() == b.strike() && r.status() == Status.QUEUED) {
                requests.set(i, r.decided(Status.CLOSED, at, by, "block lifted"));
            }
            if (r.strike() == b.strike() && r.status() == Status.SCHEDULED) {
                requests.set(i, r.decided(Status.GRANTED, at, r.decidedBy(), r.decisionReason()));
            }
        }
        decisions.add(new LiftSmtpBlock(b.strike(), why));
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("strike", b.strike());
        ev.put("startedAt", b.startedAt().toString());
        ev.put("minUntil", b.minUntil().toString());
        ev.put("liftReason", why.name());
        audit(by, "smtp_block_lifted", text, ev);
    }

    private void audit(Actor who, String action, String reason, Map<String, Object> ev) {
        audit.add(new AuditEntry(guest, at, who, action, reason, ev));
    }

    static Map<String, Object> evidence(SpamFinding f, int strike) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("strike", strike);
        ev.put("rules", f.rules().toString());
        ev.put("score", f.score());
        ev.put("connectionsPerMinute", f.connectionsPerMinute());
        ev.put("distinctDestinations", f.distinctDestinations());
        ev.put("distinctPrefixes", f.distinctPrefixes());
        ev.put("failureRatio", f.failureRatio());
        if (!Double.isNaN(f.baselinePerMinute())) {
            ev.put("baselinePerMinute", f.baselinePerMinute());
        }
        ev.put("windowStart", f.windowStart().toString());
        ev.put("windowEnd", f.windowEnd().toString());
        return ev;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
