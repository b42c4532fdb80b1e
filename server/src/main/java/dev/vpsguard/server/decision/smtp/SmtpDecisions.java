package dev.vpsguard.server.decision.smtp;

import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.server.action.ActionRow;
import dev.vpsguard.server.action.ActionService;
import dev.vpsguard.server.audit.AuditLog;
import dev.vpsguard.server.decision.Decision;
import dev.vpsguard.server.decision.DecisionMetrics;
import dev.vpsguard.server.decision.DecisionPublisher;
import dev.vpsguard.server.decision.LadderJson;
import dev.vpsguard.server.ladder.AuditEntry;
import dev.vpsguard.server.ladder.LadderDecision;
import dev.vpsguard.server.ladder.LadderStep;
import dev.vpsguard.server.ladder.SmtpBlock;
import dev.vpsguard.server.ladder.SmtpLadderState;
import dev.vpsguard.server.policy.LadderPolicy;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Carries out what one ladder step decided, in the caller's transaction: mirrors blocks and
 * requests, writes the audit entries, adds or lifts the SMTP block action (bumping the host's
 * desired-state version), and publishes every decision.
 */
@Singleton
class SmtpDecisions {
    private final LadderMirror mirror;
    private final ActionService actions;
    private final AuditLog audit;
    private final DecisionPublisher publisher;
    private final DecisionMetrics metrics;
    private final NoticeConfig notice;

    SmtpDecisions(
            LadderMirror mirror,
            ActionService actions,
            AuditLog audit,
            DecisionPublisher publisher,
            NoticeConfig notice,
            DecisionMetrics metrics) {
        this.mirror = mirror;
        this.actions = actions;
        this.audit = audit;
        this.publisher = publisher;
        this.notice = notice;
        this.metrics = metrics;
    }

    String blockId(String guestId, int seq) {
        return mirror.blockId(guestId, seq);
    }

    /**
     * Carries out {@code step}, decided under {@code policy}, which moved the ladder from {@code
     * old}. Block events carry the policy's refusal rung, so the mails follow the contract's.
     */
    void carryOut(GuestMemory m, SmtpLadderState old, LadderStep step, LadderPolicy policy) {
        SmtpLadderState now = step.state();
        Instant at = now.lastEventAt();
        Map<Integer, String> ids = mirror.sync(m.guestId, old, now);
        for (AuditEntry e : step.audit()) {
            String detail =
                    e.reason()
                            + (e.evidence().isEmpty() ? "" : " " + LadderJson.write(e.evidence()));
            audit.record(e.actor().id(), "smtp." + e.action(), m.guestId, detail);
        }
        for (LadderDecision d : step.decisions()) {
            Map<String, Object> details = new LinkedHashMap<>();
            String blockId = null;
            String kind;
            if (d instanceof LadderDecision.StartSmtpBlock s) {
                int seq = now.blocks().size();
                blockId = ids.computeIfAbsent(seq, q -> mirror.blockId(m.guestId, q));
                String text = notice.smtpBlock(s.strike(), blockId);
                actions.add(
                        new ActionRow(
                                UUID.randomUUID().toString(),
                                m.hostId,
                                m.guestId,
                                m.vmid,
                                ActionType.SMTP_BLOCK.wire(),
                                null,
                                text,
                                ActionRow.PENDING,
                                null,
                                at,
                                "block:" + blockId,
                                at,
                                null));
                kind = "smtp_block_started";
                details.put("strike", s.strike());
                details.put("minimumUntil", s.minUntil().toString());
                details.put("unblockMode", s.mode().key());
                details.put("clause", s.clause());
                details.put("notice", text);
                details.put("evidence", LadderJson.write(s.finding()));
                details.put("refusalStrike", policy.refusalRung());
            } else if (d instanceof LadderDecision.LiftSmtpBlock l) {
                int seq = old.blocks().size(); // the block that was active before this step
                blockId = ids.computeIfAbsent(seq, q -> mirror.blockId(m.guestId, q));
                actions.lift("block:" + blockId, at);
                kind = "smtp_block_lifted";
                details.put("strike", l.strike());
                details.put("reason", l.reason().name().toLowerCase(Locale.ROOT));
            } else if (d instanceof LadderDecision.AnswerUnblock a) {
                kind = "unblock_answered";
                details.put("outcome", a.outcome().kind().name().toLowerCase(Locale.ROOT));
                details.put("reason", a.outcome().reason());
                details.put("requestSeq", a.outcome().requestId());
                // The block the request was about (active before this step), so the customer's
                // answer names its number, start and minimum rather than "block 0".
                SmtpBlock answered = old.activeBlock().orElse(null);
                if (answered != null) {
                    int seq = old.blocks().size();
                    blockId = ids.computeIfAbsent(seq, q -> mirror.blockId(m.guestId, q));
                    details.put("strike", answered.strike());
                    details.put("blockStartedAt", answered.startedAt().toString());
                    details.put("minimumUntil", answered.minUntil().toString());
                    details.put("unblockMode", answered.mode().key());
                    details.put("refusalStrike", policy.refusalRung());
                }
                // The clause the answer applied (a refusal's), else the block's rung.
                Object clause =
                        a.outcome().clause() != null || answered == null
                                ? a.outcome().clause()
                                : answered.clause();
                details.put("clause", String.valueOf(clause));
            } else if (d instanceof LadderDecision.AwaitOperator w) {
                kind = "unblock_queued";
                details.put("requestSeq", w.requestId());
                details.put("strike", w.strike());
            } else {
                throw new IllegalStateException("unknown decision " + d);
            }
            Decision decision =
                    new Decision(
                            kind, at, m.guestId, m.hostId, m.vmid, m.tenantId, blockId, details);
            publisher.published(decision);
            metrics.taken(decision);
        }
    }
}
