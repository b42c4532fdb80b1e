package dev.vpsguard.server.decision.smtp;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.Reasons;
import dev.vpsguard.server.auth.Caller;
import dev.vpsguard.server.block.BlockRepository;
import dev.vpsguard.server.block.BlockRow;
import dev.vpsguard.server.block.UnblockRequestRepository;
import dev.vpsguard.server.block.UnblockRequestRow;
import dev.vpsguard.server.ladder.Actor;
import dev.vpsguard.server.ladder.Channel;
import dev.vpsguard.server.ladder.LadderEvent;
import dev.vpsguard.server.ladder.LadderStep;
import dev.vpsguard.server.ladder.Role;
import dev.vpsguard.server.ladder.SmtpBlock;
import dev.vpsguard.server.ladder.UnblockOutcome;
import dev.vpsguard.server.policy.LadderPolicy;
import dev.vpsguard.server.policy.PolicySet;
import dev.vpsguard.server.tenant.TenantService;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;

/** Unblock requests and their decisions (S7, S9), through the guest's ladder. */
@Singleton
public class UnblockService {
    /** The longest reason a request or decision may carry, in characters. */
    public static final int MAX_REASON = Reasons.MAX;

    /** The answer to a request, a decision or an override. */
    @Introspected
    public record Outcome(
            String requestId,
            String blockId,
            String outcome,
            String reason,
            String clause,
            Instant effectiveAt) {}

    private final LadderService ladders;
    private final BlockRepository blocks;
    private final UnblockRequestRepository requests;
    private final TenantService tenants;
    private final PolicySet policies;

    UnblockService(
            LadderService ladders,
            BlockRepository blocks,
            UnblockRequestRepository requests,
            TenantService tenants,
            PolicySet policies) {
        this.ladders = ladders;
        this.blocks = blocks;
        this.requests = requests;
        this.tenants = tenants;
        this.policies = policies;
    }

    /** A request to lift block {@code blockId}; any operator, for the customer or the API. */
    @Transactional
    public Outcome request(String blockId, String channel, String reason, Caller.Admin caller) {
        Channel ch = parseChannel(channel);
        return request(blockId, caller.staff(), ch, reason);
    }

    /**
     * A request to lift block {@code blockId} made by {@code actor} through {@code channel}: the
     * API's requests and the customer's signed link alike, with the same ladder rules. Joins the
     * caller's transaction when there is one.
     *
     * @throws ApiException 400 naming {@code reason} when it is blank or too long, 404 for an
     *     unknown block, 409 when the block is no longer active
     */
    @Transactional
    public Outcome request(String blockId, Actor actor, Channel channel, String reason) {
        requireText(reason, "reason");
        BlockRow block = activeBlock(blockId);
        LadderStep step =
                apply(
                        block,
                        at -> new LadderEvent.UnblockRequested(at, actor, channel, reason.strip()));
        return answer(block, step.outcome());
    }

    /**
     * An operator's decision on a queued request, or (override) an admin lifting the request's
     * block whatever its rung, with a written reason.
     */
    @Transactional
    public Outcome decide(
            String requestId,
            Boolean approve,
            String reason,
            boolean override,
            Caller.Admin caller) {
        return decide(requestId, approve, reason, override, caller.staff());
    }

    /**
     * The same decision taken by {@code actor}, a console user named as such in the audit log; only
     * an actor with the admin role may override.
     */
    @Transactional
    public Outcome decide(
            String requestId, Boolean approve, String reason, boolean override, Actor actor) {
        UnblockRequestRow req =
                requests.findById(requestId)
                        .orElseThrow(
                                () -> ApiException.notFound("no unblock request " + requestId));
        if (override) {
            if (actor.role() != Role.ADMIN) {
                throw ApiException.forbidden("only an admin may override (S9)");
            }
            requireText(reason, "reason");
        } else if (approve == null) {
            throw ApiException.invalidField("approve", "required: true or false");
        } else if (!approve) {
            requireText(reason, "reason");
        }
        BlockRow block = activeBlock(req.blockId());
        String why = reason == null ? null : reason.strip();
        Function<Instant, LadderEvent> event =
                override
                        ? at -> new LadderEvent.AdminOverride(at, actor, why)
                        : at -> new LadderEvent.OperatorDecided(at, actor, req.seq(), approve, why);
        Outcome out = answer(block, apply(block, event).outcome());
        if (!override) {
            return out;
        }
        // The ladder's override concerns the block, not a request: answer, as for every
        // decision, with the request it was made on and the block's clause.
        return new Outcome(
                out.requestId() == null ? req.id() : out.requestId(),
                out.blockId(),
                out.outcome(),
                out.reason(),
                out.clause() == null ? block.clause() : out.clause(),
                out.effectiveAt());
    }

    private LadderStep apply(BlockRow block, Function<Instant, LadderEvent> event) {
        GuestMemory m = ladders.memory(block.guestId());
        SmtpBlock active = ladders.state(block.guestId()).activeBlock().orElse(null);
        if (active == null || ladders.state(block.guestId()).blocks().size() != block.seq()) {
            throw ApiException.conflict("block " + block.id() + " is not active");
        }
        LadderPolicy policy = policies.forTenant(tenants.find(m.tenantId)).ladder();
        return ladders.apply(m, policy, event);
    }

    private Outcome answer(BlockRow block, UnblockOutcome o) {
        if (o.kind() == UnblockOutcome.Kind.REJECTED
                || o.kind() == UnblockOutcome.Kind.NO_ACTIVE_BLOCK) {
            throw ApiException.conflict(o.reason());
        }
        String requestId =
                o.requestId() == 0
                        ? null
                        : requests.findByGuestIdAndSeq(block.guestId(), o.requestId())
                                .map(UnblockRequestRow::id)
                                .orElse(null);
        return new Outcome(
                requestId,
                block.id(),
                o.kind().name().toLowerCase(Locale.ROOT),
                o.reason(),
                o.clause(),
                o.effectiveAt());
    }

    private BlockRow activeBlock(String blockId) {
        BlockRow b =
                blocks.findById(blockId)
                        .orElseThrow(() -> ApiException.notFound("no block " + blockId));
        if (!BlockRow.ACTIVE.equals(b.state())) {
            throw ApiException.conflict("block " + blockId + " was already lifted");
        }
        return b;
    }

    private static Channel parseChannel(String channel) {
        if (channel != null) {
            switch (channel) {
                case "customer":
                    return Channel.CUSTOMER_LINK;
                case "operator":
                    return Channel.OPERATOR_ON_BEHALF;
                case "api":
                    return Channel.API;
                default:
                    break;
            }
        }
        throw ApiException.invalidField("channel", "must be one of customer, operator, api");
    }

    private static void requireText(String value, String field) {
        Reasons.required(value, field);
    }
}
