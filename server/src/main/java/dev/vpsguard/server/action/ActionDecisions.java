package dev.vpsguard.server.action;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.Reasons;
import dev.vpsguard.server.audit.AuditLog;
import dev.vpsguard.server.ladder.Actor;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * An operator's approval or refusal of an action awaiting one, with a written reason: the same
 * rules and audit entry whether it comes from the API or the console. The action's owner (e.g. the
 * resource ladder) carries it out; an action no owner claims simply enters or leaves the desired
 * state.
 */
@Singleton
public class ActionDecisions {
    private final ActionRepository actions;
    private final ActionService service;
    private final List<ApprovalHandler> handlers;
    private final AuditLog audit;
    private final Clock clock;

    public ActionDecisions(
            ActionRepository actions,
            ActionService service,
            List<ApprovalHandler> handlers,
            AuditLog audit,
            Clock clock) {
        this.actions = actions;
        this.service = service;
        this.handlers = handlers;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Approves or refuses action {@code id} as {@code actor} (an operator or admin).
     *
     * @return the action afterwards
     * @throws ApiException 400 naming {@code reason}, 404 for an unknown action, 409 when it no
     *     longer awaits approval
     */
    @Transactional
    public ActionRow decide(String id, boolean approve, String reason, Actor actor) {
        if (!actor.staff()) {
            throw ApiException.forbidden("only operators and admins approve actions");
        }
        String why = Reasons.required(reason, "reason");
        ActionRow a =
                actions.findById(id).orElseThrow(() -> ApiException.notFound("no action " + id));
        if (!ActionRow.AWAITING_APPROVAL.equals(a.state()) || a.liftedAt() != null) {
            throw ApiException.conflict("action " + id + " is not awaiting approval");
        }
        Instant now = clock.instant();
        ApprovalHandler owner =
                handlers.stream().filter(h -> h.handles(a)).findFirst().orElse(null);
        ActionRow result;
        if (owner != null) {
            result = owner.decide(a, actor, why, approve);
        } else if (approve) {
            result = service.changeState(a, ActionRow.PENDING, "approved: " + why, now);
        } else {
            result = service.close(a, "refused: " + why, now);
        }
        audit.record(
                actor.id(),
                approve ? "action.approve" : "action.refuse",
                id,
                a.type() + " on guest " + a.guestId() + ": " + why);
        return result;
    }
}
