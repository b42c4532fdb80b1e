package dev.vpsguard.server.console.page;

import dev.vpsguard.server.audit.AuditRecord;
import dev.vpsguard.server.audit.AuditRepository;
import dev.vpsguard.server.block.BlockRepository;
import dev.vpsguard.server.block.BlockRow;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.policy.LadderPolicy;
import dev.vpsguard.server.policy.PolicySet;
import dev.vpsguard.server.policy.Tenant;
import dev.vpsguard.server.tenant.TenantService;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the guest page shows: tenant and contract, the ladder's blocks, the audit trail. */
@Singleton
public class GuestPage {
    /** The most audit entries the page shows, oldest first. */
    static final int AUDIT_LIMIT = 100;

    /** One block of the guest's ladder, with when it stops counting as a strike. */
    public record Strike(BlockRow block, Instant countsUntil, boolean counting, String timeLeft) {}

    /** The page's content. */
    public record View(
            Guest guest,
            String tenantId,
            String contract,
            long strikeMemoryDays,
            List<Strike> strikes,
            Strike active,
            List<AuditRecord> audit) {}

    private final GuestRepository guests;
    private final BlockRepository blocks;
    private final AuditRepository audit;
    private final TenantService tenants;
    private final PolicySet policies;
    private final Clock clock;

    public GuestPage(
            GuestRepository guests,
            BlockRepository blocks,
            AuditRepository audit,
            TenantService tenants,
            PolicySet policies,
            Clock clock) {
        this.guests = guests;
        this.blocks = blocks;
        this.audit = audit;
        this.tenants = tenants;
        this.policies = policies;
        this.clock = clock;
    }

    public Optional<View> of(String guestId) {
        Optional<Guest> guest = guests.findById(guestId);
        if (guest.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String tenantId = tenants.tenantOfGuest(guestId).orElse(null);
        Tenant tenant = tenants.find(tenantId);
        var policy = policies.forTenant(tenant);
        LadderPolicy ladder = policy.ladder();
        List<Strike> strikes =
                blocks.findByGuestIdOrderBySeq(guestId).stream()
                        .map(
                                b -> {
                                    Instant until = b.startedAt().plus(ladder.strikeMemory());
                                    Instant end =
                                            b.scheduledLiftAt() != null
                                                    ? b.scheduledLiftAt()
                                                    : b.minimumUntil();
                                    return new Strike(
                                            b,
                                            until,
                                            until.isAfter(now),
                                            BlockQueue.timeLeft(Duration.between(now, end)));
                                })
                        .toList();
        Strike active =
                strikes.stream()
                        .filter(s -> BlockRow.ACTIVE.equals(s.block().state()))
                        .reduce((a, b) -> b)
                        .orElse(null);
        List<AuditRecord> trail = audit.pageByTarget(guestId, AUDIT_LIMIT, 0);
        return Optional.of(
                new View(
                        guest.get(),
                        tenantId,
                        policy.contract(),
                        ladder.strikeMemory().toDays(),
                        strikes,
                        active,
                        trail));
    }
}
