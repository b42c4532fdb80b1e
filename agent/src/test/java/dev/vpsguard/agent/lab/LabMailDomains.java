package dev.vpsguard.agent.lab;

import java.util.List;

/**
 * The lab has no DNS: every lab MX address {@code 198.51.100.<n>} is the mail exchanger of the
 * domain {@code d<n>.example.test}, and the guests' MTAs route by these tables instead of MX
 * lookups (Postfix {@code transport_maps}, Exim {@code manualroute}).
 */
final class LabMailDomains {
    private LabMailDomains() {}

    /** The domain whose MX is {@code mxAddress}. */
    static String domain(String mxAddress) {
        return "d" + mxAddress.substring(mxAddress.lastIndexOf('.') + 1) + ".example.test";
    }

    /** A Postfix {@code texthash:} transport table for every MX address of the lab. */
    static String postfixTransport(LabMx mx) {
        StringBuilder sb = new StringBuilder();
        for (String a : mx.all()) {
            sb.append(domain(a)).append(" smtp:[").append(a).append("]:25\n");
        }
        return sb.toString();
    }

    /** An Exim {@code lsearch} route table (domain: host) for every MX address of the lab. */
    static String eximRoutes(LabMx mx) {
        StringBuilder sb = new StringBuilder();
        for (String a : mx.all()) {
            sb.append(domain(a)).append(": ").append(a).append('\n');
        }
        return sb.toString();
    }

    /** {@code count} recipients spread round-robin over the domains of {@code mxAddresses}. */
    static List<String> recipients(String localPrefix, int count, List<String> mxAddresses) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(
                        i ->
                                localPrefix
                                        + i
                                        + "@"
                                        + domain(mxAddresses.get(i % mxAddresses.size())))
                .toList();
    }
}
