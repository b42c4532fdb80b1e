package dev.vpsguard.server.console.page;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.server.action.ActionRepository;
import dev.vpsguard.server.action.ActionRow;
import dev.vpsguard.server.action.ActionService;
import dev.vpsguard.server.guest.GuestRepository;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the actions page shows: the actions awaiting an operator's approval with the evidence and
 * clauses their ladder stored in their params, and the guests isolated or suspended, which only an
 * operator's reinstatement (R3) brings back.
 */
@Singleton
public class ActionQueue {
    private static final Set<String> REINSTATABLE =
            Set.of(ActionType.ISOLATE.wire(), ActionType.SUSPEND.wire());

    /**
     * An action awaiting approval.
     *
     * @param evidence the finding's figures as people read them (observed, limit, window...)
     */
    public record Waiting(
            String id,
            String guestId,
            String guest,
            String hostId,
            String type,
            String quota,
            String step,
            String unit,
            Map<String, String> evidence,
            String clause,
            String actionClause,
            Instant createdAt) {}

    /** A guest with an isolation or suspension in force (or on its way to the agent). */
    public record Enforced(
            String guestId, String guest, List<String> types, String state, Instant since) {}

    private final ActionRepository actions;
    private final GuestRepository guests;

    public ActionQueue(ActionRepository actions, GuestRepository guests) {
        this.actions = actions;
        this.guests = guests;
    }

    public List<Waiting> waiting() {
        GuestLabels names = new GuestLabels(guests);
        return actions.pageInForceByState(ActionRow.AWAITING_APPROVAL, BlockQueue.LIMIT, 0).stream()
                .map(
                        a -> {
                            JsonNode p = ActionService.params(a);
                            Map<String, String> evidence = new LinkedHashMap<>();
                            p.path("evidence")
                                    .fields()
                                    .forEachRemaining(
                                            e -> evidence.put(e.getKey(), e.getValue().asText()));
                            return new Waiting(
                                    a.id(),
                                    a.guestId(),
                                    names.of(a.guestId()),
                                    a.hostId(),
                                    a.type(),
                                    p.path("quota").asText(""),
                                    p.path("step").asText(""),
                                    p.path("unit").asText(""),
                                    evidence,
                                    p.path("clause").asText(""),
                                    p.path("actionClause").asText(""),
                                    a.createdAt());
                        })
                .toList();
    }

    /** Isolated or suspended guests, one line each, oldest first. */
    public List<Enforced> enforced() {
        GuestLabels names = new GuestLabels(guests);
        Map<String, List<ActionRow>> byGuest = new LinkedHashMap<>();
        for (ActionRow a : actions.pageInForce(BlockQueue.LIMIT, 0)) {
            if (REINSTATABLE.contains(a.type()) && !ActionRow.AWAITING_APPROVAL.equals(a.state())) {
                byGuest.computeIfAbsent(a.guestId(), g -> new ArrayList<>()).add(a);
            }
        }
        List<Enforced> out = new ArrayList<>();
        byGuest.forEach(
                (guestId, rows) ->
                        out.add(
                                new Enforced(
                                        guestId,
                                        names.of(guestId),
                                        rows.stream().map(ActionRow::type).toList(),
                                        rows.get(0).state(),
                                        rows.get(0).since())));
        return out;
    }
}
