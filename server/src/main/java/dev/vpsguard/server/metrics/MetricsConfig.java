package dev.vpsguard.server.metrics;

import dev.vpsguard.protocol.IpLiteral;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vpsguard.metrics.*}: who may scrape {@code GET /metrics}.
 *
 * @param allowFrom addresses or CIDR blocks (the provider's Prometheus servers) that may scrape
 *     without a token; empty (the default) = a bearer API token is always needed. A token is
 *     accepted from anywhere either way. The address is the TCP peer's, never a forwarded header.
 */
// @Context: checked at startup, so a bad address stops the server before the first scrape.
@Context
@ConfigurationProperties("vpsguard.metrics")
public record MetricsConfig(List<String> allowFrom) {
    public MetricsConfig {
        allowFrom = List.copyOf(allowFrom == null ? List.of() : allowFrom);
        rules(allowFrom);
    }

    /** Whether a scrape from {@code peer} needs no token. */
    public boolean allows(InetSocketAddress peer) {
        if (peer == null || allowFrom.isEmpty()) {
            return false;
        }
        return rules(allowFrom).stream().anyMatch(r -> r.matches(peer));
    }

    private static List<IpSubnetFilterRule> rules(List<String> entries) {
        List<IpSubnetFilterRule> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            out.add(rule(i, entries.get(i)));
        }
        return out;
    }

    private static IpSubnetFilterRule rule(int index, String v) {
        String value = v == null ? "" : v.strip();
        int slash = value.indexOf('/');
        String addr = slash < 0 ? value : value.substring(0, slash);
        String prefix = slash < 0 ? null : value.substring(slash + 1);
        int max = addr.contains(":") ? 128 : 32;
        // IpLiteral first: Netty would resolve a host name, and names are never resolved here.
        if (IpLiteral.isValid(addr) && (prefix == null || prefix.matches("\\d{1,3}"))) {
            int bits = prefix == null ? max : Integer.parseInt(prefix);
            if (bits <= max) {
                return new IpSubnetFilterRule(addr, bits, IpFilterRuleType.ACCEPT);
            }
        }
        throw new IllegalArgumentException(
                "vpsguard.metrics.allow-from["
                        + index
                        + "] = '"
                        + v
                        + "': must be an IPv4/IPv6 address or CIDR block (names are never"
                        + " resolved)");
    }
}
