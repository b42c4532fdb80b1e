package dev.vpsguard.server.ladder;

import java.util.List;

/**
 * The result of applying one resource event.
 *
 * @param state the new state
 * @param decisions what to carry out, in order
 * @param audit what to persist with it
 * @param rejection why a command was not allowed (null when it was, or for findings and ticks)
 */
public record ResourceLadderStep(
        ResourceLadderState state,
        List<ResourceDecision> decisions,
        List<AuditEntry> audit,
        String rejection) {
    public ResourceLadderStep {
        decisions = List.copyOf(decisions);
        audit = List.copyOf(audit);
    }
}
