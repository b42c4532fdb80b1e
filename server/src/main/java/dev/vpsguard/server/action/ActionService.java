package dev.vpsguard.server.action;

import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.server.ingest.DesiredStateService;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The desired actions of every host: adding and lifting them (each change bumps the host's
 * desired-state version), the state returned to agents, and the agents' acks. Callers run these
 * inside their own transaction (the report's, or an API mutation's).
 */
@Singleton
public class ActionService implements DesiredStateService {
    private final ActionRepository actions;
    private final DesiredStateRepository versions;
    private final Clock clock;

    public ActionService(ActionRepository actions, DesiredStateRepository versions, Clock clock) {
        this.actions = actions;
        this.versions = versions;
        this.clock = clock;
    }

    /** Stores a new action; one in force (not awaiting approval) bumps the host's version. */
    @Transactional
    public ActionRow add(ActionRow action) {
        ActionRow saved = actions.save(action);
        if (!ActionRow.AWAITING_APPROVAL.equals(saved.state())) {
            bump(saved.hostId(), saved.createdAt());
        }
        return saved;
    }

    /** Lifts the action in force decided by {@code decisionRef}, if any. */
    @Transactional
    public Optional<ActionRow> lift(String decisionRef, Instant at) {
        return actions.findByDecisionRefAndLiftedAtIsNull(decisionRef)
                .map(
                        a -> {
                            ActionRow lifted = actions.update(a.lifted(at));
                            bump(a.hostId(), at);
                            return lifted;
                        });
    }

    /** Moves an action to another state (approval), bumping the version when it changes. */
    @Transactional
    public ActionRow changeState(ActionRow a, String state, String detail, Instant at) {
        ActionRow changed = actions.update(a.withState(state, detail, at));
        bump(a.hostId(), at);
        return changed;
    }

    /** Records the agent's outcome of each action of its host; unknown ids are ignored. */
    @Transactional
    public void ack(String hostId, EnforcementAck ack) {
        if (ack == null) {
            return;
        }
        for (ActionResult r : ack.results()) {
            Optional<ActionRow> found = actions.findById(r.actionId());
            if (found.isEmpty() || !found.get().hostId().equals(hostId)) {
                continue; // an agent may only speak about its own host's actions
            }
            ActionRow a = found.get();
            String state = r.status().wire();
            boolean same =
                    state.equals(a.state()) && java.util.Objects.equals(r.detail(), a.detail());
            if (!same && !ActionRow.AWAITING_APPROVAL.equals(a.state())) {
                // "since" is when the action entered this state, so a repeated ack keeps it.
                Instant since = state.equals(a.state()) ? a.since() : r.at();
                actions.update(a.withState(state, r.detail(), since));
            }
        }
    }

    @Override
    @Transactional
    public DesiredState current(String hostId) {
        long version = versions.findById(hostId).map(DesiredStateRow::version).orElse(0L);
        List<DesiredAction> out = new ArrayList<>();
        for (ActionRow a : actions.findByHostIdAndLiftedAtIsNullOrderByCreatedAt(hostId)) {
            if (!ActionRow.AWAITING_APPROVAL.equals(a.state())) {
                out.add(
                        new DesiredAction(
                                a.id(),
                                a.vmid(),
                                ActionType.fromWire(a.type()),
                                a.notice(),
                                null,
                                null,
                                null,
                                null));
            }
        }
        return new DesiredState(version, clock.instant(), out);
    }

    private void bump(String hostId, Instant at) {
        Optional<DesiredStateRow> row = versions.findById(hostId);
        if (row.isPresent()) {
            versions.update(new DesiredStateRow(hostId, row.get().version() + 1, at));
        } else {
            versions.save(new DesiredStateRow(hostId, 1, at));
        }
    }
}
