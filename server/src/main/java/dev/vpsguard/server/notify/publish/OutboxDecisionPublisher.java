package dev.vpsguard.server.notify.publish;

import dev.vpsguard.server.decision.Decision;
import dev.vpsguard.server.decision.DecisionPublisher;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.host.HostRepository;
import dev.vpsguard.server.notify.DecisionNotifications;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationGuests;
import dev.vpsguard.server.notify.NotificationQueue;
import dev.vpsguard.server.notify.outbox.OutboxConfiguration;
import dev.vpsguard.server.notify.outbox.OutboxDispatcher;
import dev.vpsguard.server.tenant.TenantService;
import dev.vpsguard.server.tx.TransactionHooks;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Turns the ladder's decisions into notifications in the transactional outbox, inside the
 * decision's own transaction: a decision that rolls back notifies nobody, and one that commits is
 * delivered even if the server dies right after (the dispatcher picks it up at the next start).
 * Replaces the logging publisher.
 */
@Singleton
public class OutboxDecisionPublisher implements DecisionPublisher, NotificationQueue {

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
        List<Notification> all = DecisionNotifications.of(decision, id -> about(decision, id));
        if (!all.isEmpty()) {
            enqueue(all);
        }
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

    /** The host, guest and tenant a decision's notifications name, as they are now. */
    private Notification.About about(Decision d, UUID id) {
        String name = hosts.findById(d.hostId()).map(h -> h.name()).orElse(d.hostId());
        var tenant = tenants.find(d.tenantId());
        Notification.Tenant who =
                tenant == null
                        ? Notification.Tenant.NONE
                        : new Notification.Tenant(
                                tenant.id(), tenant.contactEmail(), Language.of(tenant.language()));
        return new Notification.About(
                id,
                d.at(),
                new Notification.Host(d.hostId(), name),
                NotificationGuests.of(d.vmid(), guests.findById(d.guestId())),
                who);
    }
}
