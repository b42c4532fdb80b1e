package dev.vpsguard.server.console.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a console request reached the operator over HTTPS: it came over TLS itself, or from a
 * trusted reverse proxy ({@code vpsguard.console.trusted-proxies}) that says {@code
 * X-Forwarded-Proto: https}. The header of any other peer is ignored: a client could send it.
 */
@Singleton
public class SecureRequests {
    public static final String FORWARDED_PROTO = "X-Forwarded-Proto";

    private final Set<InetAddress> trusted;

    public SecureRequests(ConsoleConfig config) {
        this.trusted = addresses(config.trustedProxies());
    }

    public boolean isHttps(HttpRequest<?> request) {
        InetSocketAddress peer = request.getRemoteAddress();
        return isHttps(
                request.isSecure(),
                peer == null ? null : peer.getAddress(),
                request.getHeaders().get(FORWARDED_PROTO),
                trusted);
    }

    /**
     * The decision: TLS, or a trusted peer whose header's first value (the client-facing hop, when
     * proxies append) is {@code https}.
     */
    static boolean isHttps(
            boolean tls,
            @Nullable InetAddress peer,
            @Nullable String forwardedProto,
            Set<InetAddress> trusted) {
        if (tls) {
            return true;
        }
        if (peer == null || forwardedProto == null || !trusted.contains(peer)) {
            return false;
        }
        String first = forwardedProto.split(",", 2)[0].strip().toLowerCase(Locale.ROOT);
        return first.equals("https");
    }

    /** The proxies' addresses; literals only, so no name is ever looked up. */
    static Set<InetAddress> addresses(@Nullable List<String> literals) {
        Set<InetAddress> out = new HashSet<>();
        if (literals == null) {
            return out;
        }
        for (String s : literals) {
            if (!dev.vpsguard.protocol.IpLiteral.isValid(s)) {
                throw new IllegalArgumentException(
                        "vpsguard.console.trusted-proxies: '"
                                + s
                                + "' is not an IPv4 or IPv6 address");
            }
            try {
                out.add(InetAddress.getByName(s));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(
                        "vpsguard.console.trusted-proxies: '" + s + "' is not an address", e);
            }
        }
        return out;
    }
}
