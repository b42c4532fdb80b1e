package dev.vpsguard.server.notify.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpsguard.server.decision.Decision;
import dev.vpsguard.server.decision.DecisionPublisher;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.host.HostRepository;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationGuests;
import dev.vpsguard.server.notify.NotificationQueue;
import dev.vpsguard.server.notify.NotificationType;
import dev.vpsguard.server.notify.outbox.OutboxConfiguration;
import dev.vpsguard.server.notify.outbox.OutboxDispatcher;
import dev.vpsguard.server.tenant.TenantService;
import dev.vpsguard.server.tx.TransactionHooks;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the ladder's decisions into notifications in the transactional outbox, inside the
 * decision's own transaction: a decision that rolls back notifies nobody, and one that commits is
 * delivered even if the server dies right after (the dispatcher picks it up at the next start).
 * Replaces the logging publisher.
 */
@Singleton
public class OutboxDecisionPublisher implements DecisionPublisher, NotificationQueue {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDecisionPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotificationOutbox outbox;
    private final OutboxDispatcher dispatcher;
    private final OutboxConfiguration config;
    private final DataSource dataSource;
    private final TransactionOperations<Connection> transactions;
    private final HostRepository hosts;
    private final GuestRepository guests;
    private final TenantService tenants;

    public OutboxDecisionPublisher(
            NotificationOutbox outbox,
            OutboxDispatcher dispatcher,
            OutboxConfiguration config,
            DataSource dataSource,
            TransactionOperations<Connection> transactions,
            HostRepository hosts,
            GuestRepository guests,
            TenantService tenants) {
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.config = config;
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.hosts = hosts;
        this.guests = guests;
        this.tenants = tenants;
    }

    /** Starts delivering what the outbox holds, including what a crash left undelivered. */
    @EventListener
    void onStartup(StartupEvent event) {
        dispatcher.start(config.pollInterval());
    }

    @Override
    public void published(Decision decision) {
        Optional<Notification> n = toNotification(decision);
        if (n.isEmpty()) {
            return;
        }
        List<Notification> all = new ArrayList<>(List.of(n.get()));
        refusalRungReached(decision, n.get()).ifPresent(all::add);
        enqueue(all);
    }

    /**
     * Writes {@code notifications} to the outbox in the transaction in progress, in this order, and
     * wakes the dispatcher when it commits. For decisions that are not {@link Decision}s (host
     * silence).
     */
    @Override
    public void enqueue(List<Notification> notifications) {
        // Micronaut's DataSource hands out the connection of the transaction in progress, so the
        // outbox rows commit or roll back with the decision.
        try {
            Connection tx = dataSource.getConnection();
            for (Notification n : notifications) {
                outbox.enqueue(tx, n);
            }
        } catch (SQLException e) {
            // Failing the decision is right: a block nobody is told about breaks contract S6.
            throw new IllegalStateException("cannot write the notification to the outbox", e);
        }
        // Deliver as soon as the decision is committed rather than at the next poll; the poll
        // stays for retries, for items other nodes wrote, and if this wake is lost in a crash.
        TransactionHooks.afterCommit(transactions, dispatcher::wake);
    }

    Optional<Notification> toNotification(Decision d) {
        Map<String, Object> x = d.details();
        NotificationType type;
        switch (d.kind()) {
            case "smtp_block_started" -> type = NotificationType.BLOCK_CREATED;
            case "smtp_volume_finding" -> type = NotificationType.VOLUME_FINDING;
            case "unblock_answered" -> {
                type =
                        switch (String.valueOf(x.get("outcome"))) {
                            case "granted" -> NotificationType.UNBLOCK_GRANTED;
                            case "scheduled" -> NotificationType.UNBLOCK_SCHEDULED;
                            case "refused" -> NotificationType.UNBLOCK_REFUSED;
                            default -> null;
                        };
                if (type == null) {
                    return Optional.empty();
                }
            }
            case "resource_warning" -> type = NotificationType.RESOURCE_WARNING;
            case "resource_action_pending" -> type = NotificationType.ACTION_PENDING_APPROVAL;
            case "resource_action_dry_run" -> type = NotificationType.ACTION_DRY_RUN;
            case "resource_action_applied" -> type = NotificationType.ACTION_APPLIED;
            case "resource_action_lifted" -> type = NotificationType.ACTION_LIFTED;
            case "action_failed" -> type = NotificationType.ACTION_FAILED;
            default -> {
                LOG.debug("decision {} has no notification", d.kind());
                return Optional.empty();
            }
        }
        int strike = x.get("strike") instanceof Number s ? s.intValue() : 0;
        Notification.Block block = null;
        if (d.blockId() != null && x.get("minimumUntil") != null) {
            Object started = x.get("blockStartedAt"); // an answer is about an older block
            block =
                    new Notification.Block(
                            d.blockId(),
                            started == null ? d.at() : Instant.parse(String.valueOf(started)),
                            Instant.parse(String.valueOf(x.get("minimumUntil"))),
                            String.valueOf(x.getOrDefault("unblockMode", "on_request")),
                            String.valueOf(x.getOrDefault("clause", "")),
                            x.get("refusalStrike") instanceof Number r ? r.intValue() : 0);
        }
        String name = hosts.findById(d.hostId()).map(h -> h.name()).orElse(d.hostId());
        var tenant = tenants.find(d.tenantId());
        Notification.Tenant who =
                tenant == null
                        ? new Notification.Tenant("none", null, Language.FR)
                        : new Notification.Tenant(
                                tenant.id(), tenant.contactEmail(), Language.of(tenant.language()));
        // A stable id: the same decision enqueued twice is one notification.
        UUID id =
                UUID.nameUUIDFromBytes(
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
        // A resource event names the quota's clause and, for an action, the clause allowing it;
        // a volume finding its rule's. Other SMTP events carry theirs in the block.
        boolean ownClause =
                d.kind().startsWith("resource_")
                        || d.kind().equals("action_failed")
                        || d.kind().equals("smtp_volume_finding");
        String clause =
                !ownClause || x.get("clause") == null ? null : String.valueOf(x.get("clause"));
        if (clause != null && x.get("actionClause") != null) {
            clause = clause + "; " + x.get("actionClause");
        }
        return Optional.of(
                new Notification(
                        id,
                        type,
                        d.at(),
                        new Notification.Host(d.hostId(), name),
                        NotificationGuests.of(d.vmid(), guests.findById(d.guestId())),
                        who,
                        strike,
                        evidence(x.get("evidence")),
                        block,
                        x.get("action") == null ? null : String.valueOf(x.get("action")),
                        x.get("reason") == null ? null : String.valueOf(x.get("reason")),
                        Map.of(),
                        clause,
                        x.get("quota") == null ? null : String.valueOf(x.get("quota"))));
    }

    /**
     * Support's {@code strike3_reached} for a block created on the contract's refusal rung (the
     * policy's {@code refusal_rung}, 3 by default: the block's unblock mode is then {@code
     * refused}), after that block's own {@code block_created}, so per-guest order puts it second.
     * One per block: its id derives from the block's notification id.
     */
    static Optional<Notification> refusalRungReached(Decision d, Notification created) {
        if (!d.kind().equals("smtp_block_started")
                || created.block() == null
                || !"refused".equals(created.block().unblockMode())) {
            return Optional.empty();
        }
        UUID id =
                UUID.nameUUIDFromBytes(
                        (created.id() + "|" + NotificationType.STRIKE3_REACHED.wireName())
                                .getBytes(StandardCharsets.UTF_8));
        return Optional.of(
                new Notification(
                        id,
                        NotificationType.STRIKE3_REACHED,
                        created.occurredAt(),
                        created.host(),
                        created.guest(),
                        created.tenant(),
                        created.strike(),
                        created.evidence(),
                        created.block(),
                        created.action(),
                        created.reason(),
                        created.links(),
                        created.block().clause(),
                        created.quota()));
    }

    /** The finding's numbers, from the JSON the ladder stored; text fields are left out. */
    private static Map<String, Number> evidence(Object json) {
        Map<String, Number> out = new LinkedHashMap<>();
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
        } catch (java.io.IOException e) {
            LOG.warn("evidence is not JSON: {}", e.toString());
        }
        return out;
    }
}
