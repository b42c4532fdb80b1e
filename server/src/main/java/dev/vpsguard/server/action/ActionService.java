package dev.vpsguard.server.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.protocol.PacketLimit;
import dev.vpsguard.protocol.PortFilter;
import dev.vpsguard.protocol.ProtocolJson;
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

    /**
     * An action whose state an ack changed.
     *
     * @param before the action as it was
     * @param after the action as the ack left it
     */
    public record AckChange(ActionRow before, ActionRow after) {}

    /**
     * Records the agent's outcome of each action of its host; unknown ids are ignored.
     *
     * @return the actions still in force whose state (not only detail) the ack changed, in the
     *     ack's order
     */
    @Transactional
    public List<AckChange> ack(String hostId, EnforcementAck ack) {
        if (ack == null) {
            return List.of();
        }
        List<AckChange> changes = new ArrayList<>();
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
                ActionRow after = actions.update(a.withState(state, r.detail(), since));
                if (!state.equals(a.state()) && a.liftedAt() == null) {
                    changes.add(new AckChange(a, after));
                }
            }
        }
        return changes;
    }

    /**
     * Takes an action out of force, or closes one that was never approved, with the reason in its
     * detail; the host's version rises only when the action was in its desired state.
     */
    @Transactional
    public ActionRow close(ActionRow a, String detail, Instant at) {
        ActionRow closed = actions.update(a.withState(a.state(), detail, a.since()).lifted(at));
        if (!ActionRow.AWAITING_APPROVAL.equals(a.state())) {
            bump(a.hostId(), at);
        }
        return closed;
    }

    @Override
    @Transactional
    public DesiredState current(String hostId) {
        long version = versions.findById(hostId).map(DesiredStateRow::version).orElse(0L);
        List<DesiredAction> out = new ArrayList<>();
        for (ActionRow a : actions.findByHostIdAndLiftedAtIsNullOrderByCreatedAt(hostId)) {
            if (!ActionRow.AWAITING_APPROVAL.equals(a.state())) {
                out.add(desired(a));
            }
        }
        return new DesiredState(version, clock.instant(), out);
    }

    /**
     * The protocol's form of an action. Type-specific limits come from the action's params, whose
     * keys are the protocol's field names ({@code cpuLimitCores}, {@code rateBytesPerSec}, {@code
     * packetsPerSec}, {@code allowedDestinations}, {@code blockedPorts}, {@code udpLimit}, {@code
     * icmpLimit}); other keys there are the server's own.
     */
    static DesiredAction desired(ActionRow a) {
        JsonNode p = params(a);
        List<String> allowed = null;
        if (p.path("allowedDestinations").isArray()) {
            allowed = new ArrayList<>();
            for (JsonNode d : p.get("allowedDestinations")) {
                allowed.add(d.asText());
            }
        }
        return new DesiredAction(
                a.id(),
                a.vmid(),
                ActionType.fromWire(a.type()),
                a.notice(),
                p.hasNonNull("cpuLimitCores") ? p.get("cpuLimitCores").asDouble() : null,
                p.hasNonNull("rateBytesPerSec") ? p.get("rateBytesPerSec").asLong() : null,
                p.hasNonNull("packetsPerSec") ? p.get("packetsPerSec").asLong() : null,
                allowed,
                part(a, p, "blockedPorts", PortFilter.class),
                part(a, p, "udpLimit", PacketLimit.class),
                part(a, p, "icmpLimit", PacketLimit.class));
    }

    /** A protocol record held under {@code key} of the params (traffic filters), or null. */
    private static <T> T part(ActionRow a, JsonNode p, String key, Class<T> type) {
        if (!p.hasNonNull(key)) {
            return null;
        }
        try {
            return ProtocolJson.mapper().treeToValue(p.get(key), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(key + " of action " + a.id() + " does not read", e);
        }
    }

    /** The action's params as JSON; an empty object when it has none. */
    public static JsonNode params(ActionRow a) {
        if (a.params() == null) {
            return ProtocolJson.mapper().createObjectNode();
        }
        try {
            return ProtocolJson.mapper().readTree(a.params());
        } catch (JsonProcessingException e) {
            // Written by this server: params that no longer read are a bug, not bad input.
            throw new IllegalStateException("params of action " + a.id() + " do not read", e);
        }
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
