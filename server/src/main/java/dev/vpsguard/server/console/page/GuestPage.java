package dev.vpsguard.server.console.page;

import dev.vpsguard.server.audit.AuditRecord;
import dev.vpsguard.server.audit.AuditRepository;
import dev.vpsguard.server.block.BlockRepository;
import dev.vpsguard.server.block.BlockRow;
import dev.vpsguard.server.decision.FindingRepository;
import dev.vpsguard.server.decision.FindingRow;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.notify.outbox.OutboxItem;
import dev.vpsguard.server.notify.outbox.OutboxOverview;
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

/**
 * What the guest page shows: tenant and contract, the ladder's blocks and next rung, findings,
 * notifications, the audit trail (the charts come from {@code console.chart}).
 */
@Singleton
public class GuestPage {
    /** The most audit entries the page shows, oldest first. */
    static final int AUDIT_LIMIT = 100;

    /**
     * One block of the guest's ladder, with when it stops counting as a strike and its evidence as
     * figures.
     */
    public record Strike(
            BlockRow block,
            Instant countsUntil,
            boolean counting,
            String timeLeft,
            List<Figures.Figure> evidence) {}

    /** What the next block would be: its strike number, minimum, how it is lifted, clause. */
    public record NextRung(int strike, String minimum, String mode, String clause) {}

    /** The page's content. */
    public record View(
            Guest guest,
            String tenantId,
            String contract,
            long strikeMemoryDays,
            List<Strike> strikes,
            Strike active,
            NextRung next,
            List<FindingRow> findings,
            List<OutboxItem> notifications,
            List<AuditRecord> audit) {}

    /** The most findings and notifications the page shows, newest first. */
    static final int RECENT_LIMIT = 50;

    private final GuestRepository guests;
    private final BlockRepository blocks;
    private final AuditRepository audit;
    private final TenantService tenants;
    private final PolicySet policies;
    private final FindingRepository findings;
    private final OutboxOverview outbox;
    private final Clock clock;

    public GuestPage(
            GuestRepository guests,
            BlockRepository blocks,
            AuditRepository audit,
            TenantService tenants,
            PolicySet policies,
            FindingRepository findings,
            OutboxOverview outbox,
            Clock clock) {
        this.guests = guests;
        this.blocks = blocks;
        this.audit = audit;
        this.tenants = tenants;
        this.policies = policies;
        this.findings = findings;
        this.outbox = outbox;
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
                                            BlockQueue.timeLeft(Duration.between(now, end)),
                                            Figures.of(b.evidence()));
                                })
                        .toList();
        Strike active =
                strikes.stream()
                        .filter(s -> BlockRow.ACTIVE.equals(s.block().state()))
                        .reduce((a, b) -> b)
                        .orElse(null);
        List<AuditRecord> trail = audit.pageByTarget(guestId, AUDIT_LIMIT, 0);
        int next = (int) strikes.stream().filter(Strike::counting).count() + 1;
        var rung = ladder.rung(next);
        NextRung nextRung =
                new NextRung(
                        next,
                        BlockQueue.timeLeft(rung.minDuration()),
                        ladder.unblockMode(next).key(),
                        rung.clause());
        Guest g = guest.get();
        return Optional.of(
                new View(
                        g,
                        tenantId,
                        policy.contract(),
                        ladder.strikeMemory().toDays(),
                        strikes,
                        active,
                        nextRung,
                        findings.newestOfGuest(guestId, RECENT_LIMIT),
                        outbox.ofGuest(g.hostId() + "/" + g.vmid(), RECENT_LIMIT),
                        trail));
    }
}
