package dev.vpsguard.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpsguard.server.decision.Decision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a decision is told as: one small function per decision kind, from the decision's details to
 * its typed notifications. Pure: the host, guest and tenant a notification names come from the
 * caller's {@code about}, which is asked only for a decision that notifies.
 */
public final class DecisionNotifications {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionNotifications.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private DecisionNotifications() {}

    /**
     * The notifications of {@code d}, in delivery order; none for a decision nobody is told of.
     *
     * @param about the shared part of a notification, given its stable id
     */
    public static List<Notification> of(Decision d, Function<UUID, Notification.About> about) {
        Map<String, Object> x = d.details();
        return switch (d.kind()) {
            case "smtp_block_started" -> blockStarted(d, about.apply(id(d)));
            case "smtp_volume_finding" -> List.of(volumeFinding(x, about.apply(id(d))));
            case "unblock_answered" -> unblockAnswered(d, about);
            case "resource_warning" ->
                    resourceEvent(d, about, ResourceNotification.ResourceWarning::new);
            case "resource_action_pending" ->
                    resourceEvent(d, about, ResourceNotification.ActionPendingApproval::new);
            case "resource_action_dry_run" ->
                    resourceEvent(d, about, ResourceNotification.ActionDryRun::new);
            case "resource_action_applied" ->
                    resourceEvent(d, about, ResourceNotification.ActionApplied::new);
            case "resource_action_lifted" ->
                    resourceEvent(d, about, ResourceNotification.ActionLifted::new);
            case "action_failed" -> resourceEvent(d, about, ResourceNotification.ActionFailed::new);
            default -> {
                LOG.debug("decision {} has no notification", d.kind());
                yield List.of();
            }
        };
    }

    /**
     * A new block, and for a block on the contract's refusal rung (its unblock mode is then {@code
     * refused}) support's {@code strike3_reached} after it, so per-guest order puts it second. One
     * per block: its id derives from the block's notification id.
     */
    private static List<Notification> blockStarted(Decision d, Notification.About about) {
        Map<String, Object> x = d.details();
        Notification.Block block = block(d);
        var created =
                new SmtpNotification.BlockCreated(about, strike(x), evidence(x), block, Map.of());
        if (!block.refusesRequests()) {
            return List.of(created);
        }
        UUID id =
                UUID.nameUUIDFromBytes(
                        (created.id() + "|" + NotificationType.STRIKE3_REACHED.wireName())
                                .getBytes(StandardCharsets.UTF_8));
        Notification.About reached =
                new Notification.About(
                        id, about.occurredAt(), about.host(), about.guest(), about.tenant());
        return List.of(
                created,
                new SmtpNotification.RefusalRungReached(
                        reached, created.strike(), created.evidence(), block));
    }

    /** The answer to an unblock request; a request left waiting notifies nobody. */
    private static List<Notification> unblockAnswered(
            Decision d, Function<UUID, Notification.About> about) {
        Answer answer =
                switch (String.valueOf(d.details().get("outcome"))) {
                    case "granted" -> SmtpNotification.UnblockGranted::new;
                    case "scheduled" -> SmtpNotification.UnblockScheduled::new;
                    case "refused" -> SmtpNotification.UnblockRefused::new;
                    default -> null;
                };
        if (answer == null) {
            return List.of();
        }
        Map<String, Object> x = d.details();
        Notification.Block block = x.get("minimumUntil") == null ? null : block(d);
        return List.of(answer.of(about.apply(id(d)), strike(x), block, text(x, "reason")));
    }

    /** A resource ladder step or an action's state, with the ladder's reason when it gave one. */
    private static List<Notification> resourceEvent(
            Decision d, Function<UUID, Notification.About> about, ResourceEvent event) {
        Map<String, Object> x = d.details();
        return List.of(event.of(about.apply(id(d)), resource(x), text(x, "reason")));
    }

    /** The constructor of an unblock answer's event. */
    private interface Answer {
        Notification of(Notification.About about, int strike, Notification.Block block, String why);
    }

    /** The constructor of a resource or action event. */
    private interface ResourceEvent {
        Notification of(
                Notification.About about, ResourceNotification.Resource resource, String reason);
    }

    /** Volume alone: the finding's numbers, its rule's clause and the words for the customer. */
    private static Notification volumeFinding(Map<String, Object> x, Notification.About about) {
        return new SmtpNotification.VolumeFinding(
                about, evidence(x), text(x, "clause"), text(x, "reason"));
    }

    /**
     * A resource or action event's part: the quota's clause and, for an action, the clause allowing
     * it.
     */
    private static ResourceNotification.Resource resource(Map<String, Object> x) {
        String clause = text(x, "clause");
        if (clause != null && x.get("actionClause") != null) {
            clause = clause + "; " + x.get("actionClause");
        }
        return new ResourceNotification.Resource(
                text(x, "action"), text(x, "quota"), clause, evidence(x));
    }

    /** The block a decision is about; an answer is about an older block, started before it. */
    private static Notification.Block block(Decision d) {
        Map<String, Object> x = d.details();
        Object started = x.get("blockStartedAt");
        return new Notification.Block(
                d.blockId(),
                started == null ? d.at() : Instant.parse(String.valueOf(started)),
                Instant.parse(String.valueOf(x.get("minimumUntil"))),
                String.valueOf(x.getOrDefault("unblockMode", "on_request")),
                String.valueOf(x.getOrDefault("clause", "")),
                x.get("refusalStrike") instanceof Number r ? r.intValue() : 0);
    }

    /** A stable id: the same decision enqueued twice is one notification. */
    static UUID id(Decision d) {
        Map<String, Object> x = d.details();
        return UUID.nameUUIDFromBytes(
                (d.kind()
                                + "|"
                                + d.guestId()
                                + "|"
                                + d.blockId()
                                + "|"
                                + d.at()
                                + "|"
                                + x.get("requestSeq")
                                + (x.get("ref") == null ? "" : "|" + x.get("ref")))
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static int strike(Map<String, Object> x) {
        return x.get("strike") instanceof Number s ? s.intValue() : 0;
    }

    private static String text(Map<String, Object> x, String key) {
        return x.get(key) == null ? null : String.valueOf(x.get(key));
    }

    /** The finding's numbers, from the JSON the ladder stored; text fields are left out. */
    private static Map<String, Number> evidence(Map<String, Object> x) {
        Map<String, Number> out = new LinkedHashMap<>();
        Object json = x.get("evidence");
        if (json == null) {
            return out;
        }
        try {
            JsonNode node = JSON.readTree(String.valueOf(json));
            node.fields()
                    .forEachRemaining(
                            e -> {
                                if (e.getValue().isNumber()) {
                                    out.put(e.getKey(), e.getValue().numberValue());
                                }
                            });
        } catch (IOException e) {
            LOG.warn("evidence is not JSON: {}", e.toString());
        }
        return out;
    }
}
