package dev.vpsguard.server.auth;

import io.micronaut.http.HttpRequest;

/** Who made an authenticated request; {@link AuthFilter} attaches it to the request. */
public sealed interface Caller {
    /** The request attribute holding the caller. */
    String ATTRIBUTE = "vpsguard.caller";

    /** The actor as written to the audit log. */
    String actor();

    /** An operator or script holding an admin token. */
    record Admin(String tokenId) implements Caller {
        @Override
        public String actor() {
            return "admin:" + tokenId;
        }
    }

    /** An enrolled agent holding its host credential. */
    record Agent(String hostId) implements Caller {
        @Override
        public String actor() {
            return "host:" + hostId;
        }
    }

    /** The caller {@link AuthFilter} attached, which every non-public route has. */
    static Caller of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Caller.class)
                .orElseThrow(() -> new IllegalStateException("route reached without AuthFilter"));
    }
}
