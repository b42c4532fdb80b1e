package dev.vpsguard.server.notify;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One event to tell the customer and support about. Immutable; its {@link #id()} is stable across
 * retries so receivers can drop duplicates.
 *
 * @param id stable id, the idempotency key of every delivery
 * @param type what happened
 * @param occurredAt when the decision was taken
 * @param host the hypervisor host
 * @param guest the guest the event is about; null only for a host-level type ({@link
 *     NotificationType#hostLevel()})
 * @param tenant who owns the guest; their contact gets the mail
 * @param strike the strike number (1-based), or 0 when not an SMTP ladder event
 * @param evidence the numbers behind the decision, by key (see {@link Evidence} for known keys)
 * @param block the SMTP block, when the event is about one
 * @param action the resource action (e.g. {@code throttle_cpu}), for {@code action_*} events
 * @param reason a human reason: why an unblock was refused, why an action failed
 * @param links named links: {@code unblock} (the signed customer link), {@code console}
 * @param clause the contract clause behind a resource event (nullable; SMTP blocks carry theirs in
 *     {@link Block#clause()})
 * @param quota the resource quota of a resource event: {@code cpu}, {@code disk_bytes}, {@code
 *     disk_iops}, {@code egress} or {@code packets} (nullable)
 */
public record Notification(
        UUID id,
        NotificationType type,
        Instant occurredAt,
        Host host,
        Guest guest,
        Tenant tenant,
        int strike,
        Map<String, Number> evidence,
        Block block,
        String action,
        String reason,
        Map<String, String> links,
        String clause,
        String quota) {

    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(host, "host");
        if (guest == null && !type.hostLevel()) {
            throw new NullPointerException("guest");
        }
        Objects.requireNonNull(tenant, "tenant");
        if (strike < 0) {
            throw new IllegalArgumentException("strike must be >= 0, was " + strike);
        }
        evidence =
                Collections.unmodifiableMap(new TreeMap<>(evidence == null ? Map.of() : evidence));
        links = Collections.unmodifiableMap(new TreeMap<>(links == null ? Map.of() : links));
    }

    /** A notification with no clause or quota of its own (SMTP ladder events). */
    public Notification(
            UUID id,
            NotificationType type,
            Instant occurredAt,
            Host host,
            Guest guest,
            Tenant tenant,
            int strike,
            Map<String, Number> evidence,
            Block block,
            String action,
            String reason,
            Map<String, String> links) {
        this(
                id,
                type,
                occurredAt,
                host,
                guest,
                tenant,
                strike,
                evidence,
                block,
                action,
                reason,
                links,
                null,
                null);
    }

    /** The key that orders deliveries: one sequence per guest of a host. */
    /** The ordering key: per guest, or per host for a host-level event. */
    public String guestKey() {
        return guest == null ? host.id() + "/host" : host.id() + "/" + guest.vmid();
    }

    public Optional<Block> optionalBlock() {
        return Optional.ofNullable(block);
    }

    /** Returns a copy with one more link, e.g. the signed unblock link minted at enqueue time. */
    public Notification withLink(String name, String url) {
        Map<String, String> l = new TreeMap<>(links);
        l.put(name, url);
        return new Notification(
                id,
                type,
                occurredAt,
                host,
                guest,
                tenant,
                strike,
                evidence,
                block,
                action,
                reason,
                l,
                clause,
                quota);
    }

    /**
     * The hypervisor host.
     *
     * @param id the server's host id
     * @param name the host's name as operators know it
     */
    public record Host(String id, String name) {
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
    public record Guest(int vmid, String name, List<String> ips) {
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
    public record Tenant(String id, String contactEmail, Language language) {
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
    public record Block(
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
