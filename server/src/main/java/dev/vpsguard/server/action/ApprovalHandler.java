package dev.vpsguard.server.action;

import dev.vpsguard.server.ladder.Actor;

/**
 * Carries out an operator's approval or refusal of an action that waits for one, for the actions
 * whose decision it owns (e.g. the resource ladder's). Runs in the deciding transaction ({@link
 * ActionDecisions}).
 */
public interface ApprovalHandler {
    /** Whether this handler decides {@code action}. */
    boolean handles(ActionRow action);

    /**
     * Approves (the action enters its host's desired state) or refuses (it is closed) {@code
     * action}, which is awaiting approval, and writes what its owner records about it.
     *
     * @return the action as it is afterwards
     * @throws dev.vpsguard.server.api.ApiException 409 when its owner no longer waits for it
     */
    ActionRow decide(ActionRow action, Actor actor, String reason, boolean approve);
}
