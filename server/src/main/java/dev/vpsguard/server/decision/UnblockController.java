package dev.vpsguard.server.decision;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.JsonBody;
import dev.vpsguard.server.auth.Caller;
import dev.vpsguard.server.auth.TokenRole;
import dev.vpsguard.server.block.BlockRepository;
import dev.vpsguard.server.block.BlockRow;
import dev.vpsguard.server.block.UnblockRequestRepository;
import dev.vpsguard.server.block.UnblockRequestRow;
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

    @Get("/blocks")
    public List<BlockRow> blocks(@Nullable @QueryValue String state) {
        String s = state == null ? BlockRow.ACTIVE : state;
        if (!s.equals(BlockRow.ACTIVE) && !s.equals(BlockRow.LIFTED)) {
            throw ApiException.invalidField("state", "must be active or lifted");
        }
        return blocks.findByStateOrderByStartedAt(s);
    }

    @Get("/blocks/{id}/unblock-requests")
    public List<UnblockRequestRow> requestsOf(@PathVariable String id) {
        blocks.findById(id).orElseThrow(() -> ApiException.notFound("no block " + id));
        return requests.findByBlockIdOrderBySeq(id);
    }

    @Get("/unblock-requests")
    public List<UnblockRequestRow> queued(@Nullable @QueryValue String outcome) {
        return requests.findByOutcomeOrderByCreatedAt(outcome == null ? "queued" : outcome);
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
