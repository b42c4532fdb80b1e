package dev.vpsguard.agent.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses numeric IPv4 and IPv6 literals without ever resolving a name ({@link
 * InetAddress#getByName} would try DNS for anything that is not a literal).
 */
final class AddressLiteral {
    private AddressLiteral() {}

    /**
     * The address written in {@code text}: a dotted quad, or an IPv6 address in any RFC 4291 text
     * form (with {@code ::} and an embedded dotted quad), without zone id.
     *
     * @throws ConntrackParseException when {@code text} is anything else
     */
    static InetAddress parse(String text) throws ConntrackParseException {
        byte[] bytes = text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text, 0, text.length());
        if (bytes == null) {
            throw new ConntrackParseException("not an IP address: " + clip(text));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always valid", e);
        }
    }

    static String clip(String token) {
        return token.length() <= 64 ? token : token.substring(0, 64) + "…";
    }

    private static byte[] ipv4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else if (c == '.' && value >= 0 && part < 3) {
                out[part++] = (byte) value;
                value = -1;
            } else {
                return null;
            }
        }
        if (part != 3 || value < 0) {
            return null;
        }
        out[3] = (byte) value;
        return out;
    }

    private static byte[] ipv6(String s) {
        int n = s.length();
        if (n < 2 || n > 45) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (n == 2) {
                return new byte[16];
            }
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < n) {
            int end = i;
            int value = 0;
            while (end < n && end - i < 5 && Character.digit(s.charAt(end), 16) >= 0) {
                value = value * 16 + Character.digit(s.charAt(end), 16);
                end++;
            }
            if (end < n && s.charAt(end) == '.') {
                // An embedded dotted quad takes the last two groups.
                byte[] v4 = ipv4(s, i, n);
                if (v4 == null || count > 6) {
                    return null;
                }
                groups[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                break;
            }
            if (end == i || end - i > 4 || count == 8) {
                return null;
            }
            groups[count++] = value;
            if (end == n) {
                break;
            }
            if (s.charAt(end) != ':') {
                return null;
            }
            if (end + 1 < n && s.charAt(end + 1) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i = end + 2;
            } else if (end + 1 == n) {
                return null;
            } else {
                i = end + 1;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] out = new byte[16];
        int tail = count - (gap < 0 ? count : gap);
        for (int g = 0; g < count; g++) {
            int slot = gap >= 0 && g >= gap ? 8 - tail + (g - gap) : g;
            out[2 * slot] = (byte) (groups[g] >>> 8);
            out[2 * slot + 1] = (byte) groups[g];
        }
        return out;
    }
}
