package dev.vpsguard.server.auth;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.JsonBody;
import dev.vpsguard.server.audit.AuditLog;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.transaction.annotation.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** {@code POST /api/v1/tokens} (admin): a new API token with a role, shown once. */
@Controller("/api/v1/tokens")
public class TokenController {
    /** The request body. */
    public record CreateToken(String label, String role) {}

    /** The answer: the token itself appears here only. */
    public record CreatedToken(
            String id, String token, String label, String role, Instant createdAt) {}

    private final AdminTokenRepository tokens;
    private final AuditLog audit;
    private final Clock clock;

    public TokenController(AdminTokenRepository tokens, AuditLog audit, Clock clock) {
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public HttpResponse<CreatedToken> create(@Nullable @Body byte[] body, HttpRequest<?> request) {
        Caller.Admin caller = Caller.require(request, TokenRole.ADMIN);
        CreateToken create = JsonBody.read(body, CreateToken.class);
        if (create.label() == null || create.label().isBlank() || create.label().length() > 200) {
            throw ApiException.invalidField("label", "required, 1 to 200 characters");
        }
        TokenRole role = TokenRole.parse(create.role(), "role");
        String token = SecretToken.generate();
        AdminToken saved =
                tokens.save(
                        new AdminToken(
                                UUID.randomUUID().toString(),
                                SecretToken.hash(token),
                                create.label().strip(),
                                clock.instant(),
                                role.key()));
        audit.record(
                caller.actor(),
                "admin_token.create",
                saved.id(),
                "role " + role.key() + ", label " + saved.label());
        return HttpResponse.<CreatedToken>status(HttpStatus.CREATED)
                .body(
                        new CreatedToken(
                                saved.id(), token, saved.label(), role.key(), saved.createdAt()));
    }
}
