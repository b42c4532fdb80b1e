package dev.vpsguard.server.decision.smtp;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.JsonBody;
import dev.vpsguard.server.api.Paging;
import dev.vpsguard.server.auth.Caller;
import dev.vpsguard.server.auth.TokenRole;
import dev.vpsguard.server.block.BlockRepository;
import dev.vpsguard.server.block.BlockRow;
import dev.vpsguard.server.block.BlockView;
import dev.vpsguard.server.block.UnblockRequestRepository;
import dev.vpsguard.server.block.UnblockRequestRow;
import dev.vpsguard.server.block.UnblockRequestView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;
import java.util.Set;

/** Blocks and unblock requests. */
@Controller("/api/v1")
public class UnblockController {
    /** Body of {@code POST /blocks/{id}/unblock-requests}. */
    public record RequestBody(String channel, String reason) {}

    /** Body of {@code POST /unblock-requests/{id}/decision}. */
    public record DecisionBody(Boolean approve, String reason, Boolean override) {}

    private final UnblockService service;
    private final BlockRepository blocks;
    private final UnblockRequestRepository requests;

    public UnblockController(
            UnblockService service, BlockRepository blocks, UnblockRequestRepository requests) {
        this.service = service;
        this.blocks = blocks;
        this.requests = requests;
    }

    /** Outcomes a request can have, the values of {@code outcome=}. */
    static final Set<String> OUTCOMES =
            Set.of("queued", "scheduled", "granted", "refused", "closed");

    /** Blocks oldest first; {@code state} active (the default), lifted or all. */
    @Get("/blocks")
    public List<BlockView> blocks(
            @Nullable @QueryValue String state,
            @Nullable @QueryValue Integer limit,
            @Nullable @QueryValue Long offset) {
        String s = state == null ? BlockRow.ACTIVE : state;
        if (!s.equals(BlockRow.ACTIVE) && !s.equals(BlockRow.LIFTED) && !s.equals("all")) {
            throw ApiException.invalidField("state", "must be active, lifted or all");
        }
        Paging p = Paging.of(limit, offset);
        List<BlockRow> rows =
                s.equals("all")
                        ? blocks.page(p.limit(), p.offset())
                        : blocks.pageByState(s, p.limit(), p.offset());
        return rows.stream().map(BlockView::of).toList();
    }

    @Get("/blocks/{id}")
    public BlockView block(@PathVariable String id) {
        return blocks.findById(id)
                .map(BlockView::of)
                .orElseThrow(() -> ApiException.notFound("no block " + id));
    }

    @Get("/blocks/{id}/unblock-requests")
    public List<UnblockRequestView> requestsOf(@PathVariable String id) {
        blocks.findById(id).orElseThrow(() -> ApiException.notFound("no block " + id));
        return requests.findByBlockIdOrderBySeq(id).stream().map(UnblockRequestView::of).toList();
    }

    /** Every request, oldest first, or those with one {@code outcome}. */
    @Get("/unblock-requests")
    public List<UnblockRequestView> listRequests(
            @Nullable @QueryValue String outcome,
            @Nullable @QueryValue Integer limit,
            @Nullable @QueryValue Long offset) {
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw ApiException.invalidField(
                    "outcome", "must be one of " + new java.util.TreeSet<>(OUTCOMES));
        }
        Paging p = Paging.of(limit, offset);
        List<UnblockRequestRow> rows =
                outcome == null
                        ? requests.page(p.limit(), p.offset())
                        : requests.pageByOutcome(outcome, p.limit(), p.offset());
        return rows.stream().map(UnblockRequestView::of).toList();
    }

    @Post("/blocks/{id}/unblock-requests")
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<UnblockService.Outcome> request(
            @PathVariable String id, @Nullable @Body byte[] body, HttpRequest<?> request) {
        Caller.Admin caller = Caller.require(request, TokenRole.OPERATOR);
        RequestBody b = JsonBody.read(body, RequestBody.class);
        return HttpResponse.<UnblockService.Outcome>status(HttpStatus.CREATED)
                .body(service.request(id, b.channel(), b.reason(), caller));
    }

    @Post("/unblock-requests/{id}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    public UnblockService.Outcome decide(
            @PathVariable String id, @Nullable @Body byte[] body, HttpRequest<?> request) {
        Caller.Admin caller = Caller.require(request, TokenRole.OPERATOR);
        DecisionBody b = JsonBody.read(body, DecisionBody.class);
        return service.decide(
                id, b.approve(), b.reason(), Boolean.TRUE.equals(b.override()), caller);
    }
}
