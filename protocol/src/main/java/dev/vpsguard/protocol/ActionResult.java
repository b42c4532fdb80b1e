package dev.vpsguard.protocol;

import java.time.Instant;

/**
 * The outcome of one desired action on the host.
 *
 * @param actionId the {@link DesiredAction#id()}
 * @param status applied, degraded (applied through a fallback) or failed
 * @param detail what happened, in words: the error text on failure, the fallback used when degraded
 *     (nullable when applied)
 * @param at when the agent reached this outcome
 */
public record ActionResult(String actionId, ActionStatus status, String detail, Instant at) {
    public ActionResult {
        Check.requiredText(actionId, 128, "actionId");
        Check.required(status, "status");
        Check.multiLineText(detail, 2048, "detail");
        Check.required(at, "at");
    }
}
