package dev.vpsguard.server.tenant;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.audit.AuditLog;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.policy.Language;
import dev.vpsguard.server.policy.PolicySet;
import dev.vpsguard.server.policy.Tenant;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants: validated writes (the contract must be a loaded policy), audit, and a small cache of
 * tenants by id for the detection path, which looks one up per guest and report.
 */
@Singleton
public class TenantService {
    /** The JSON body of create and update. */
    public record TenantBody(
            String id, String name, String contactEmail, String language, String contract) {}

    private final TenantRepository tenants;
    private final GuestRepository guests;
    private final PolicySet policies;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher<TenantChanged> events;
    private final Map<String, Optional<Tenant>> cache = new ConcurrentHashMap<>();

    public TenantService(
            TenantRepository tenants,
            GuestRepository guests,
            PolicySet policies,
            AuditLog audit,
            Clock clock,
            ApplicationEventPublisher<TenantChanged> events) {
        this.events = events;
        this.tenants = tenants;
        this.guests = guests;
        this.policies = policies;
        this.audit = audit;
        this.clock = clock;
    }

    /** The tenant for policies and notices, or null when {@code id} is null or unknown. */
    public Tenant find(String id) {
        if (id == null) {
            return null;
        }
        return cache.computeIfAbsent(id, k -> tenants.findById(k).map(TenantService::toPolicy))
                .orElse(null);
    }

    public List<TenantRow> list(dev.vpsguard.server.api.Paging paging) {
        return tenants.page(paging.limit(), paging.offset());
    }

    public TenantRow get(String id) {
        return tenants.findById(id).orElseThrow(() -> ApiException.notFound("no tenant " + id));
    }

    @Transactional
    public TenantRow create(TenantBody body, String actor) {
        if (body.id() == null || !body.id().matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw ApiException.invalidField("id", "required: [a-z0-9-], 1 to 64 characters");
        }
        if (tenants.existsById(body.id())) {
            throw ApiException.invalidField("id", "a tenant " + body.id() + " already exists");
        }
        Instant now = clock.instant();
        TenantRow row = tenants.save(validated(body.id(), body, now, now));
        audit.record(actor, "tenant.create", row.id(), describe(row));
        cache.remove(row.id());
        return row;
    }

    @Transactional
    public TenantRow update(String id, TenantBody body, String actor) {
        TenantRow old = get(id);
        if (body.id() != null && !body.id().equals(id)) {
            throw ApiException.invalidField("id", "a tenant's id cannot change");
        }
        TenantRow row = tenants.update(validated(id, body, old.createdAt(), clock.instant()));
        audit.record(actor, "tenant.update", id, "was " + describe(old) + "; now " + describe(row));
        cache.remove(id);
        return row;
    }

    /** Assigns a guest to a tenant, or to none when {@code tenantId} is null. */
    @Transactional
    public void assign(String guestId, String tenantId, String actor) {
        var guest =
                guests.findById(guestId)
                        .orElseThrow(() -> ApiException.notFound("no guest " + guestId));
        if (tenantId != null && !tenants.existsById(tenantId)) {
            throw ApiException.invalidField("tenantId", "no tenant " + tenantId);
        }
        String before = tenants.tenantOfGuest(guestId).orElse(null);
        tenants.assignGuest(guest.id(), tenantId);
        events.publishEvent(new TenantChanged(guestId, tenantId));
        audit.record(actor, "guest.tenant", guestId, "tenant " + before + " -> " + tenantId);
    }

    /**
     * Takes a guest away from tenant {@code tenantId}: it falls under the default contract.
     *
     * @throws ApiException 409 when the guest is not this tenant's (any more)
     */
    @Transactional
    public void unassign(String guestId, String tenantId, String actor) {
        if (!tenants.tenantOfGuest(guestId).map(tenantId::equals).orElse(false)) {
            throw ApiException.conflict("guest " + guestId + " is not a guest of " + tenantId);
        }
        assign(guestId, null, actor);
    }

    public Optional<String> tenantOfGuest(String guestId) {
        return tenants.tenantOfGuest(guestId);
    }

    private TenantRow validated(String id, TenantBody b, Instant created, Instant updated) {
        if (b.name() == null || b.name().isBlank() || b.name().length() > 200) {
            throw ApiException.invalidField("name", "required, 1 to 200 characters");
        }
        if (b.contactEmail() == null
                || b.contactEmail().length() > 320
                || !b.contactEmail().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw ApiException.invalidField("contactEmail", "must be an email address");
        }
        if (b.language() == null || !(b.language().equals("fr") || b.language().equals("en"))) {
            throw ApiException.invalidField("language", "must be fr or en");
        }
        if (b.contract() == null || policies.contract(b.contract()).isEmpty()) {
            throw ApiException.invalidField(
                    "contract", "must be one of the loaded contracts " + policies.all().keySet());
        }
        return new TenantRow(
                id,
                b.name().strip(),
                b.contactEmail(),
                b.language(),
                b.contract(),
                created,
                updated);
    }

    private static String describe(TenantRow t) {
        return t.name() + " <" + t.contactEmail() + "> " + t.language() + " " + t.contract();
    }

    private static Tenant toPolicy(TenantRow t) {
        return new Tenant(t.id(), t.contactEmail(), Language.parse(t.language()), t.contract());
    }
}
