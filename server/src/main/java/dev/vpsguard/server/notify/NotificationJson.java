package dev.vpsguard.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one JSON form of a {@link Notification}: the outbox payload and the webhook event body
 * (docs/webhooks.md). Written by hand on a tree so the wire shape cannot drift with a library's
 * defaults; times are ISO-8601 UTC strings.
 */
public final class NotificationJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NotificationJson() {}

    /** Renders the event as compact JSON. */
    public static String write(Notification n) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", n.id().toString());
        root.put("type", n.type().wireName());
        root.put("occurredAt", n.occurredAt().toString());
        root.putObject("host").put("id", n.host().id()).put("name", n.host().name());
        if (n.guest() == null) {
            root.putNull("guest");
        } else {
            ObjectNode guest = root.putObject("guest");
            guest.put("vmid", n.guest().vmid()).put("name", n.guest().name());
            ArrayNode ips = guest.putArray("ips");
            n.guest().ips().forEach(ips::add);
        }
        ObjectNode tenant = root.putObject("tenant");
        tenant.put("id", n.tenant().id());
        tenant.put("contactEmail", n.tenant().contactEmail());
        tenant.put("language", n.tenant().language().code());
        root.put("strike", n.strike());
        ObjectNode evidence = root.putObject("evidence");
        n.evidence().forEach((k, v) -> evidence.set(k, MAPPER.valueToTree(v)));
        if (n.block() != null) {
            Notification.Block b = n.block();
            ObjectNode block =
                    root.putObject("block")
                            .put("id", b.id())
                            .put("startedAt", b.startedAt().toString())
                            .put("minimumUntil", b.minimumUntil().toString())
                            .put("unblockMode", b.unblockMode())
                            .put("clause", b.clause());
            if (b.refusalStrike() > 0) {
                block.put("refusalStrike", b.refusalStrike());
            }
        }
        if (n.action() != null) {
            root.put("action", n.action());
        }
        if (n.reason() != null) {
            root.put("reason", n.reason());
        }
        if (n.clause() != null) {
            root.put("clause", n.clause());
        }
        if (n.quota() != null) {
            root.put("quota", n.quota());
        }
        ObjectNode links = root.putObject("links");
        n.links().forEach(links::put);
        if (n instanceof AvailabilityNotification.MonthlyStatement m) {
            root.set("statement", MAPPER.valueToTree(statement(m.statement())));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render notification " + n.id(), e);
        }
    }

    /**
     * Parses what {@link #write} produced, by this version or an earlier one (the outbox keeps rows
     * across upgrades).
     *
     * @throws IllegalArgumentException when the text is not such a document
     */
    public static Notification read(String json) {
        try {
            JsonNode r = MAPPER.readTree(json);
            JsonNode g = r.path("guest");
            List<String> ips = new ArrayList<>();
            g.path("ips").forEach(ip -> ips.add(ip.asText()));
            JsonNode t = r.path("tenant");
            Map<String, Number> evidence = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("evidence").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                evidence.put(e.getKey(), number(e.getValue()));
            }
            Notification.Block block = null;
            JsonNode b = r.get("block");
            if (b != null && !b.isNull()) {
                block =
                        new Notification.Block(
                                text(b, "id"),
                                Instant.parse(text(b, "startedAt")),
                                Instant.parse(text(b, "minimumUntil")),
                                text(b, "unblockMode"),
                                text(b, "clause"),
                                b.path("refusalStrike").asInt(0));
            }
            Map<String, String> links = new LinkedHashMap<>();
            r.path("links")
                    .fields()
                    .forEachRemaining(e -> links.put(e.getKey(), e.getValue().asText()));
            JsonNode h = r.path("host");
            Notification.About about =
                    new Notification.About(
                            UUID.fromString(text(r, "id")),
                            Instant.parse(text(r, "occurredAt")),
                            new Notification.Host(text(h, "id"), text(h, "name")),
                            g.isMissingNode() || g.isNull()
                                    ? null
                                    : new Notification.Guest(
                                            g.path("vmid").asInt(), text(g, "name"), ips),
                            new Notification.Tenant(
                                    text(t, "id"),
                                    text(t, "contactEmail"),
                                    Language.fromCode(text(t, "language"))));
            NotificationType type = NotificationType.fromWireName(text(r, "type"));
            if (type == NotificationType.AVAILABILITY_STATEMENT) {
                return new AvailabilityNotification.MonthlyStatement(
                        about, statement(r.path("statement")));
            }
            return typed(
                    type,
                    about,
                    r.path("strike").asInt(),
                    evidence,
                    block,
                    text(r, "reason"),
                    new ResourceNotification.Resource(
                            text(r, "action"), text(r, "quota"), text(r, "clause"), evidence),
                    links);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a vpsguard notification: " + e.getMessage(), e);
        }
    }

    /**
     * The event of {@code type} from the one stored shape every type shares (the outbox rows of
     * every version): each event takes the fields it has.
     */
    static Notification typed(
            NotificationType type,
            Notification.About about,
            int strike,
            Map<String, Number> evidence,
            Notification.Block block,
            String reason,
            ResourceNotification.Resource resource,
            Map<String, String> links) {
        return switch (type) {
            case BLOCK_CREATED ->
                    new SmtpNotification.BlockCreated(about, strike, evidence, block, links);
            case STRIKE3_REACHED ->
                    new SmtpNotification.RefusalRungReached(about, strike, evidence, block);
            case UNBLOCK_GRANTED ->
                    new SmtpNotification.UnblockGranted(about, strike, block, reason);
            case UNBLOCK_SCHEDULED ->
                    new SmtpNotification.UnblockScheduled(about, strike, block, reason);
            case UNBLOCK_REFUSED ->
                    new SmtpNotification.UnblockRefused(about, strike, block, reason);
            case VOLUME_FINDING ->
                    new SmtpNotification.VolumeFinding(about, evidence, resource.clause(), reason);
            case RESOURCE_WARNING ->
                    new ResourceNotification.ResourceWarning(about, resource, reason);
            case ACTION_PENDING_APPROVAL ->
                    new ResourceNotification.ActionPendingApproval(about, resource, reason);
            case ACTION_DRY_RUN -> new ResourceNotification.ActionDryRun(about, resource, reason);
            case ACTION_APPLIED -> new ResourceNotification.ActionApplied(about, resource, reason);
            case ACTION_LIFTED -> new ResourceNotification.ActionLifted(about, resource, reason);
            case ACTION_FAILED -> new ResourceNotification.ActionFailed(about, resource, reason);
            case HOST_SILENT -> new Notification.HostSilent(about, evidence, reason);
            case HOST_BACK -> new Notification.HostBack(about, evidence, reason);
            case AVAILABILITY_BELOW_TARGET ->
                    new AvailabilityNotification.BelowTarget(
                            about, evidence, resource.clause(), reason);
            case OUTAGE_TOO_LONG ->
                    new AvailabilityNotification.OutageTooLong(
                            about, evidence, resource.clause(), reason);
            case BACKUP_FINDING ->
                    new AvailabilityNotification.BackupFindingRaised(
                            about, evidence, resource.clause(), reason);
            case AVAILABILITY_STATEMENT ->
                    throw new IllegalArgumentException("a statement needs its figures");
        };
    }

    private static Map<String, Object> statement(AvailabilityNotification.Statement s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("month", s.month());
        m.put("contract", s.contract());
        m.put("clause", s.clause());
        // Decimals as strings: exact, whatever a reader's JSON number type is.
        m.put("availabilityPercent", s.availabilityPercent().toPlainString());
        m.put("targetPercent", s.targetPercent().toPlainString());
        m.put("downtimeSeconds", s.downtimeSeconds());
        m.put("periodSeconds", s.periodSeconds());
        m.put("creditPercent", s.creditPercent());
        m.put("credit", s.credit().toPlainString());
        m.put("currency", s.currency());
        m.put("claimDeadline", s.claimDeadline() == null ? null : s.claimDeadline().toString());
        List<Map<String, Object>> days = new ArrayList<>();
        for (AvailabilityNotification.Day d : s.days()) {
            days.add(Map.of("day", d.day(), "percent", d.percent().toPlainString()));
        }
        m.put("days", days);
        return m;
    }

    private static AvailabilityNotification.Statement statement(JsonNode s) {
        List<AvailabilityNotification.Day> days = new ArrayList<>();
        s.path("days")
                .forEach(
                        d ->
                                days.add(
                                        new AvailabilityNotification.Day(
                                                d.path("day").asInt(),
                                                new BigDecimal(d.path("percent").asText()))));
        String deadline = text(s, "claimDeadline");
        return new AvailabilityNotification.Statement(
                text(s, "month"),
                text(s, "contract"),
                text(s, "clause"),
                new BigDecimal(s.path("availabilityPercent").asText()),
                new BigDecimal(s.path("targetPercent").asText()),
                s.path("downtimeSeconds").asLong(),
                s.path("periodSeconds").asLong(),
                s.path("creditPercent").asInt(),
                new BigDecimal(s.path("credit").asText()),
                text(s, "currency"),
                deadline == null ? null : Instant.parse(deadline),
                days);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Number number(JsonNode v) {
        if (v.isIntegralNumber()) {
            BigInteger i = v.bigIntegerValue();
            return i.bitLength() < 64 ? (Number) i.longValue() : i;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        return new BigDecimal(v.asText());
    }
}
