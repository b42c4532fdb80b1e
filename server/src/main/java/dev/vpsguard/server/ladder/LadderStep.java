package dev.vpsguard.server.ladder;

import java.util.List;

/**
 * The result of applying one event: the new state, what to do, what to audit.
 *
 * @param state the guest's new ladder state
 * @param decisions what the server must carry out, in order
 * @param audit the audit entries to persist with the state, in order
 * @param outcome the answer to a request or command; null for findings and ticks
 */
public record LadderStep(
        SmtpLadderState state,
        List<LadderDecision> decisions,
        List<AuditEntry> audit,
        UnblockOutcome outcome) {
    public LadderStep {
        decisions = List.copyOf(decisions);
        audit = List.copyOf(audit);
    }
}
