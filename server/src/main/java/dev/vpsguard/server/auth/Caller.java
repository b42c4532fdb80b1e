package dev.vpsguard.server.auth;

import dev.vpsguard.server.ladder.Actor;
import dev.vpsguard.server.ladder.Role;
import io.micronaut.http.HttpRequest;

/** Who made an authenticated request; {@link AuthFilter} attaches it to the request. */
public sealed interface Caller {
    /** The request attribute holding the caller. */
    String ATTRIBUTE = "vpsguard.caller";

    /** The actor as written to the audit log. */
    String actor();

    /** An operator or script holding an admin API token with a console role. */
    record Admin(String tokenId, TokenRole role) implements Caller {
        @Override
        public String actor() {
            return "admin:" + tokenId;
        }

        /** This caller as the ladders and approvals know it: an operator, or an admin. */
        public Actor staff() {
            return new Actor(actor(), role == TokenRole.ADMIN ? Role.ADMIN : Role.OPERATOR);
        }
    }

    /** An enrolled agent holding its host credential. */
    record Agent(String hostId) implements Caller {
        @Override
        public String actor() {
            return "host:" + hostId;
        }
    }

    /**
     * The console user behind the request, if it has at least {@code role}.
     *
     * @throws dev.vpsguard.server.api.ApiException 403 otherwise
     */
    static Admin require(HttpRequest<?> request, TokenRole role) {
        if (of(request) instanceof Admin a && a.role().atLeast(role)) {
            return a;
        }
        throw dev.vpsguard.server.api.ApiException.forbidden(
                "this needs the " + role.key() + " role");
    }

    /** The caller {@link AuthFilter} attached, which every non-public route has. */
    static Caller of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Caller.class)
                .orElseThrow(() -> new IllegalStateException("route reached without AuthFilter"));
    }
}
