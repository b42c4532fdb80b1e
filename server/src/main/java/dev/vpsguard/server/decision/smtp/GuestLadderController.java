package dev.vpsguard.server.decision.smtp;

import dev.vpsguard.server.api.JsonBody;
import dev.vpsguard.server.auth.Caller;
import dev.vpsguard.server.auth.TokenRole;
import dev.vpsguard.server.block.BlockRepository;
import dev.vpsguard.server.ladder.SmtpBlock;
import dev.vpsguard.server.ladder.SmtpLadderState;
import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.LadderPolicy;
import dev.vpsguard.server.policy.PolicySet;
import dev.vpsguard.server.tenant.TenantService;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A guest's ladder position, and its tenant. */
@Controller("/api/v1/guests")
public class GuestLadderController {
    /** The active block. */
    @Introspected
    public record ActiveBlock(
            String id,
            int strike,
            Instant startedAt,
            Instant minimumUntil,
            long secondsLeft,
            String unblockMode,
            String clause,
            @Nullable Instant scheduledLiftAt) {}

    /** What the next block would be. */
    @Introspected
    public record NextRung(int strike, long minimumSeconds, String unblockMode, String clause) {}

    /** {@code GET /guests/{id}/ladder}. */
    @Introspected
    public record LadderView(
            String guestId,
            @Nullable String tenantId,
            String contract,
            int strikesCounting,
            long strikeMemoryDays,
            @Nullable ActiveBlock activeBlock,
            NextRung nextRung) {}

    /** Body of {@code PUT /guests/{id}/tenant}; null tenantId removes the assignment. */
    public record TenantBody(@Nullable String tenantId) {}

    private final LadderService ladders;
    private final BlockRepository blocks;
    private final TenantService tenants;
    private final PolicySet policies;
    private final Clock clock;

    public GuestLadderController(
            LadderService ladders,
            BlockRepository blocks,
            TenantService tenants,
            PolicySet policies,
            Clock clock) {
        this.ladders = ladders;
        this.blocks = blocks;
        this.tenants = tenants;
        this.policies = policies;
        this.clock = clock;
    }

    @Get("/{id}/ladder")
    public LadderView ladder(@PathVariable String id) {
        SmtpLadderState s = ladders.state(id);
        String tenantId = ladders.tenantOf(id);
        ContractPolicy policy = policies.forTenant(tenants.find(tenantId));
        LadderPolicy lp = policy.ladder();
        Instant now = clock.instant();
        int counting = s.strikesCounting(now, lp.strikeMemory());
        ActiveBlock active = null;
        SmtpBlock b = s.activeBlock().orElse(null);
        if (b != null) {
            active =
                    new ActiveBlock(
                            ladders.blockId(id, s.blocks().size()),
                            b.strike(),
                            b.startedAt(),
                            b.minUntil(),
                            Math.max(0, Duration.between(now, b.minUntil()).toSeconds()),
                            b.mode().key(),
                            b.clause(),
                            b.scheduledLiftAt());
        }
        int next = counting + 1;
        NextRung rung =
                new NextRung(
                        next,
                        lp.rung(next).minDuration().toSeconds(),
                        lp.unblockMode(next).key(),
                        lp.rung(next).clause());
        return new LadderView(
                id,
                tenantId,
                policy.contract(),
                counting,
                lp.strikeMemory().toDays(),
                active,
                rung);
    }

    @Put("/{id}/tenant")
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<LadderView> assign(
            @PathVariable String id, @Nullable @Body byte[] body, HttpRequest<?> request) {
        String actor = Caller.require(request, TokenRole.OPERATOR).actor();
        TenantBody b = JsonBody.read(body, TenantBody.class);
        tenants.assign(id, b.tenantId(), actor);
        return HttpResponse.ok(ladder(id));
    }
}
