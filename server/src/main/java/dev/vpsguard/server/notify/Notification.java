package dev.vpsguard.server.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One event to tell the customer and support about: one record per {@link NotificationType}, each
 * holding only what its event has. Immutable; its {@link #id()} is stable across retries so
 * receivers can drop duplicates.
 *
 * <p>The accessors below are the one read view the mail model, the webhook body and the Slack text
 * share: an event answers what it holds and the documented default (0, empty, null) for the rest,
 * which is what the single record of earlier versions held for them, so every channel renders as it
 * did.
 */
public sealed interface Notification
        permits SmtpNotification,
                ResourceNotification,
                AvailabilityNotification,
                Notification.HostSilent,
                Notification.HostBack {
    /** What every event shares: id, time, host, guest and tenant. */
    About about();

    /** What happened: the type whose event this record is. */
    default NotificationType type() {
        return NotificationType.of(this);
    }

    /** Stable id, the idempotency key of every delivery. */
    default UUID id() {
        return about().id();
    }

    /** When the decision was taken. */
    default Instant occurredAt() {
        return about().occurredAt();
    }

    /** The hypervisor host. */
    default Host host() {
        return about().host();
    }

    /** The guest the event is about; null for a host-level event without one. */
    default Guest guest() {
        return about().guest();
    }

    /** Who owns the guest; their contact gets the mail. */
    default Tenant tenant() {
        return about().tenant();
    }

    /** The strike number (1-based), or 0 when not an SMTP ladder event. */
    default int strike() {
        return 0;
    }

    /** The numbers behind the decision, by key (see {@link Evidence} for known keys). */
    default Map<String, Number> evidence() {
        return Map.of();
    }

    /** The SMTP block, when the event is about one. */
    default Block block() {
        return null;
    }

    /** The resource action (e.g. {@code throttle_cpu}), for resource and action events. */
    default String action() {
        return null;
    }

    /** A human reason: why an unblock was refused, why an action failed. */
    default String reason() {
        return null;
    }

    /** The contract clause of an event that does not carry it in its {@link #block()}. */
    default String clause() {
        return null;
    }

    /** The resource quota: {@code cpu}, {@code disk_bytes}, {@code disk_iops}, {@code egress}… */
    default String quota() {
        return null;
    }

    /** Named links: {@code unblock} (the signed customer link). */
    default Map<String, String> links() {
        return Map.of();
    }

    /** The ordering key: per guest, or per host for a host-level event. */
    default String guestKey() {
        return guest() == null ? host().id() + "/host" : host().id() + "/" + guest().vmid();
    }

    default Optional<Block> optionalBlock() {
        return Optional.ofNullable(block());
    }

    /**
     * What every event shares.
     *
     * @param id stable id, the idempotency key of every delivery
     * @param occurredAt when the decision was taken
     * @param host the hypervisor host
     * @param guest the guest; null only for a host-level event
     * @param tenant who owns the guest
     */
    record About(UUID id, Instant occurredAt, Host host, Guest guest, Tenant tenant) {
        public About {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(tenant, "tenant");
        }

        /** A host-level event's: no guest, no tenant. */
        public static About host(UUID id, Instant occurredAt, Host host) {
            return new About(id, occurredAt, host, null, Tenant.NONE);
        }

        /** This, checked to name a guest: every event but the host-level ones is about one. */
        About aboutGuest() {
            Objects.requireNonNull(guest, "guest");
            return this;
        }
    }

    /** Support only: a host stopped reporting for longer than allowed. */
    record HostSilent(About about, Map<String, Number> evidence, String reason)
            implements Notification {
        public HostSilent {
            evidence = Sorted.of(evidence);
        }
    }

    /** Support only: a host that was silent reports again. */
    record HostBack(About about, Map<String, Number> evidence, String reason)
            implements Notification {
        public HostBack {
            evidence = Sorted.of(evidence);
        }
    }

    /**
     * The hypervisor host.
     *
     * @param id the server's host id
     * @param name the host's name as operators know it
     */
    record Host(String id, String name) {
        public Host {
            Objects.requireNonNull(id, "host.id");
            name = name == null ? id : name;
        }
    }

    /**
     * The guest.
     *
     * @param vmid Proxmox VMID
     * @param name guest name
     * @param ips the guest's addresses
     */
    record Guest(int vmid, String name, List<String> ips) {
        public Guest {
            name = name == null ? "vm" + vmid : name;
            ips = List.copyOf(ips == null ? List.of() : ips);
        }
    }

    /**
     * The tenant.
     *
     * @param id tenant id
     * @param contactEmail where customer mail goes; null when the tenant has none
     * @param language the tenant's language
     */
    record Tenant(String id, String contactEmail, Language language) {
        /** The tenant of a host-level event, or of a guest no tenant owns. */
        public static final Tenant NONE = new Tenant("none", null, Language.FR);

        public Tenant {
            Objects.requireNonNull(id, "tenant.id");
            language = language == null ? Language.FR : language;
        }
    }

    /**
     * An SMTP block.
     *
     * @param id the block id
     * @param startedAt when port 25 was closed
     * @param minimumUntil the earliest time an unblock can take effect
     * @param unblockMode {@code on_request} or {@code refused} (from the refusal rung on, clause
     *     S9)
     * @param clause the contract clause the block applies, e.g. {@code powerpos Article 8}
     * @param refusalStrike the strike from which the guest's contract refuses unblock requests (its
     *     policy's refusal rung, S9), or 0 when unknown
     */
    record Block(
            String id,
            Instant startedAt,
            Instant minimumUntil,
            String unblockMode,
            String clause,
            int refusalStrike) {
        public Block {
            Objects.requireNonNull(id, "block.id");
            Objects.requireNonNull(startedAt, "block.startedAt");
            Objects.requireNonNull(minimumUntil, "block.minimumUntil");
            unblockMode = unblockMode == null ? "on_request" : unblockMode;
            if (refusalStrike < 0) {
                throw new IllegalArgumentException(
                        "block.refusalStrike must be >= 0, was " + refusalStrike);
            }
        }

        /** A block whose contract's refusal rung is not known. */
        public Block(
                String id,
                Instant startedAt,
                Instant minimumUntil,
                String unblockMode,
                String clause) {
            this(id, startedAt, minimumUntil, unblockMode, clause, 0);
        }

        /** Whether unblock requests are refused for this block (strike 3 and on, clause S9). */
        public boolean refusesRequests() {
            return "refused".equals(unblockMode);
        }
    }
}
