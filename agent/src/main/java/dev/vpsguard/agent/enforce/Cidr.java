package dev.vpsguard.agent.enforce;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address or prefix, validated and in canonical text form, so it can be written
 * into an nft script or an {@code ip route} command without further quoting.
 *
 * @param address the address in canonical form (host bits cleared for prefixes)
 * @param prefixLength prefix length in bits; 32 (IPv4) or 128 (IPv6) for a single address
 * @param v6 whether this is an IPv6 address
 */
public record Cidr(String address, int prefixLength, boolean v6) implements Comparable<Cidr> {
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Comparator<Cidr> ORDER =
            Comparator.comparing(Cidr::v6)
                    .thenComparing(c -> bytes(c.address), java.util.Arrays::compareUnsigned)
                    .thenComparingInt(Cidr::prefixLength);

    /**
     * Parses {@code addr} or {@code addr/len}. Never resolves names.
     *
     * @throws IllegalArgumentException naming the text when it is not an address or prefix
     */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("address is missing");
        }
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String addr = slash < 0 ? trimmed : trimmed.substring(0, slash);
        boolean v6 = addr.contains(":");
        if (!(v6 ? V6 : V4).matcher(addr).matches()) {
            throw new IllegalArgumentException("not an IP address or CIDR: '" + text + "'");
        }
        if (!v6) {
            for (String octet : addr.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    // Java would treat an out-of-range dotted quad as a host name and look it up.
                    throw new IllegalArgumentException("not an IP address or CIDR: '" + text + "'");
                }
            }
        }
        byte[] raw = bytes(addr, text);
        if (v6 != (raw.length == 16)) {
            throw new IllegalArgumentException("not an IP address or CIDR: '" + text + "'");
        }
        int max = raw.length * 8;
        int len = max;
        if (slash >= 0) {
            try {
                len = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
            if (len < 0 || len > max) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
        }
        for (int bit = len; bit < max; bit++) {
            raw[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            InetAddress canonical = InetAddress.getByAddress(raw);
            String out = canonical.getHostAddress();
            if (canonical instanceof Inet6Address) {
                out = compress(out);
            }
            return new Cidr(out, len, v6);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address or CIDR: '" + text + "'");
        }
    }

    /** Whether this is a single address rather than a wider prefix. */
    public boolean isHost() {
        return prefixLength == (v6 ? 128 : 32);
    }

    /** {@code addr} for a single address, {@code addr/len} for a prefix. */
    @Override
    public String toString() {
        return isHost() ? address : address + "/" + prefixLength;
    }

    /** Whether every address of {@code other} is inside this prefix. */
    public boolean contains(Cidr other) {
        if (v6 != other.v6 || other.prefixLength < prefixLength) {
            return false;
        }
        byte[] mine = bytes(address);
        byte[] theirs = bytes(other.address);
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((mine[bit / 8] & mask) != (theirs[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(Cidr other) {
        return ORDER.compare(this, other);
    }

    private static byte[] bytes(String addr) {
        return bytes(addr, addr);
    }

    private static byte[] bytes(String addr, String original) {
        try {
            // Only literals reach here (checked by the patterns), so no name lookup happens.
            return InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address or CIDR: '" + original + "'");
        }
    }

    /** Java prints 2001:db8:0:0:0:0:0:1; nft and iproute2 print the RFC 5952 form 2001:db8::1. */
    private static String compress(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail =
                String.join(
                        ":",
                        java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return head + "::" + tail;
    }
}
