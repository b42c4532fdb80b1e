package dev.vpsguard.server.auth;

import dev.vpsguard.protocol.ErrorBody;
import dev.vpsguard.server.api.ErrorText;
import dev.vpsguard.server.metrics.MetricsConfig;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Optional;

/**
 * Authenticates every request except the public ones: {@code /health} (and below it), {@code POST
 * /api/v1/enroll}, and {@code GET}/{@code POST /unblock/<token>} (the customer's page, whose signed
 * token is its credential). A bearer token is either an admin token (the whole API) or a host
 * credential (only {@code POST /api/v1/reports}). Missing or unknown token: 401; a host credential
 * anywhere else: 403. {@code GET /metrics} needs an admin token unless the caller's address is in
 * {@code vpsguard.metrics.allow-from} (the provider's Prometheus). Routes that do not exist answer
 * 401 too, so probing reveals nothing.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AuthFilter implements Ordered {
    static final String REPORTS_PATH = "/api/v1/reports";
    static final String UNBLOCK_PAGE = "/unblock";
    private static final java.util.Set<HttpMethod> READS =
            java.util.EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final AdminTokenRepository adminTokens;
    private final AgentCredentials agents;
    private final MetricsConfig metrics;

    public AuthFilter(
            AdminTokenRepository adminTokens, AgentCredentials agents, MetricsConfig metrics) {
        this.adminTokens = adminTokens;
        this.agents = agents;
        this.metrics = metrics;
    }

    /** A scrape of {@code /metrics} from an address of {@code vpsguard.metrics.allow-from}. */
    private boolean isAllowedScrape(HttpRequest<?> request) {
        return READS.contains(request.getMethod())
                && request.getPath().equals("/metrics")
                && metrics.allows(request.getRemoteAddress());
    }

    /** Whether a request may go through without a token. */
    public static boolean isPublic(HttpMethod method, String path) {
        String p =
                path.endsWith("/") && path.length() > 1
                        ? path.substring(0, path.length() - 1)
                        : path;
        return p.equals("/health")
                || p.startsWith("/health/")
                || (method == HttpMethod.POST && p.equals("/api/v1/enroll"))
                || ((method == HttpMethod.GET || method == HttpMethod.POST) && isUnblockPage(p))
                // The operator console: Micronaut Security and its session cookie guard it.
                || p.equals("/console")
                || p.startsWith("/console/");
    }

    private static boolean isHealth(String path) {
        return path.equals("/health") || path.startsWith("/health/");
    }

    /** {@code /unblock/<token>}: one non-empty segment, the signed token (its own credential). */
    private static boolean isUnblockPage(String path) {
        String prefix = UNBLOCK_PAGE + "/";
        return path.startsWith(prefix)
                && path.length() > prefix.length()
                && path.indexOf('/', prefix.length()) < 0;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (isPublic(request.getMethod(), request.getPath())) {
            if (isHealth(request.getPath())) {
                // Public status; the details (database, disk) only for a known admin token.
                bearer(request)
                        .flatMap(t -> adminTokens.findByTokenHash(SecretToken.hash(t)))
                        .ifPresent(a -> request.setUserPrincipal(() -> "admin:" + a.id()));
            }
            return null;
        }
        Optional<String> token = bearer(request);
        if (token.isEmpty() && isAllowedScrape(request)) {
            return null;
        }
        if (token.isEmpty()) {
            return deny(
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "Authorization: Bearer <token> is required");
        }
        String hash = SecretToken.hash(token.get());
        Optional<AdminToken> admin = adminTokens.findByTokenHash(hash);
        if (admin.isPresent()) {
            TokenRole role = admin.get().tokenRole();
            if (role == TokenRole.VIEWER && !READS.contains(request.getMethod())) {
                // Viewers read; every mutation needs at least an operator.
                return deny(HttpStatus.FORBIDDEN, "forbidden", "a viewer token may only read");
            }
            request.setAttribute(Caller.ATTRIBUTE, new Caller.Admin(admin.get().id(), role));
            return null;
        }
        Optional<String> hostId = agents.hostIdOf(token.get());
        if (hostId.isEmpty()) {
            return deny(HttpStatus.UNAUTHORIZED, "unauthorized", "unknown token");
        }
        if (!request.getPath().equals(REPORTS_PATH)) {
            return deny(
                    HttpStatus.FORBIDDEN, "forbidden", "a host credential may only post reports");
        }
        request.setAttribute(Caller.ATTRIBUTE, new Caller.Agent(hostId.get()));
        return null;
    }

    private static Optional<String> bearer(HttpRequest<?> request) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null
                || header.length() < 8
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static HttpResponse<ErrorBody> deny(HttpStatus status, String code, String message) {
        var response =
                HttpResponse.<ErrorBody>status(status)
                        .contentType(MediaType.APPLICATION_JSON_TYPE)
                        .body(ErrorText.body(code, null, message));
        if (status == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response;
    }

    @Override
    public int getOrder() {
        // Before any other filter.
        return HIGHEST_PRECEDENCE + 100;
    }
}
