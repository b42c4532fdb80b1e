package dev.vpsguard.lab;

import java.util.List;

/**
 * The lab has no DNS: every lab MX address {@code 198.51.100.<n>} is the mail exchanger of the
 * domain {@code d<n>.example.test}, and the guests' MTAs route by these tables instead of MX
 * lookups (Postfix {@code transport_maps}, Exim {@code manualroute}).
 *
 * <p>Real mail goes to many networks, not one /24: the "wide internet" adds {@link #WIDE_LIVE}, one
 * MX in each of 200 /24s of the benchmarking range 198.18.0.0/16 (RFC 2544, never routed on the
 * internet), which {@code inet} answers through a DNAT to one accepting sink ({@link
 * #wideInternetNft}), and {@link #WIDE_DEAD}, 100 MX in 198.19.0.0/16 that nothing answers (dead
 * networks: the SYN goes unanswered). Their domains are {@code n<b>-<c>.example.test}.
 */
final class LabMailDomains {
    static final List<String> WIDE_LIVE = range("198.18.", 200);
    static final List<String> WIDE_DEAD = range("198.19.", 100);

    private LabMailDomains() {}

    private static List<String> range(String prefix, int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(k -> prefix + k + ".25").toList();
    }

    /** The domain whose MX is {@code mxAddress}. */
    static String domain(String mxAddress) {
        if (mxAddress.startsWith("198.18.") || mxAddress.startsWith("198.19.")) {
            return "n"
                    + mxAddress.substring(4, mxAddress.lastIndexOf('.')).replace('.', '-')
                    + ".example.test";
        }
        return "d" + mxAddress.substring(mxAddress.lastIndexOf('.') + 1) + ".example.test";
    }

    /**
     * An nft script for {@code inet}: port 25 of every {@link #WIDE_LIVE} network is answered by
     * the sink on {@code sinkAddress} (the dead networks are not local to {@code inet}, which does
     * not forward: their SYNs vanish).
     */
    static String wideInternetNft(String sinkAddress) {
        return "table ip vglabwide {\n"
                + "  chain pre {\n"
                + "    type nat hook prerouting priority -100; policy accept;\n"
                + "    ip daddr 198.18.0.0/16 tcp dport 25 dnat to "
                + sinkAddress
                + ":25\n"
                + "  }\n"
                + "}\n";
    }

    /** Every MX address the tables route to: the lab's own and the wide internet's. */
    static List<String> all(LabMx mx) {
        List<String> out = new java.util.ArrayList<>(mx.all());
        out.addAll(WIDE_LIVE);
        out.addAll(WIDE_DEAD);
        return out;
    }

    /** A Postfix {@code texthash:} transport table for every MX address of the lab. */
    static String postfixTransport(LabMx mx) {
        StringBuilder sb = new StringBuilder();
        for (String a : all(mx)) {
            sb.append(domain(a)).append(" smtp:[").append(a).append("]:25\n");
        }
        return sb.toString();
    }

    /** An Exim {@code lsearch} route table (domain: host) for every MX address of the lab. */
    static String eximRoutes(LabMx mx) {
        StringBuilder sb = new StringBuilder();
        for (String a : all(mx)) {
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
