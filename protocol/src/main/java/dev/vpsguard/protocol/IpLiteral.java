package dev.vpsguard.protocol;

/**
 * What the protocol accepts as an address: an IPv4 dotted quad or an IPv6 literal (RFC 4291 text
 * forms, including {@code ::} compression and a trailing dotted quad; no zone id, no brackets, no
 * prefix). Names are never resolved: this is a pure parser, so unlike {@code InetAddress.getByName}
 * it can never trigger a DNS lookup on hostile input. Both sides use this one check, so the agent
 * never builds an address the server would refuse.
 */
public final class IpLiteral {
    /** The longest IPv6 text form: eight groups of four, or six groups and a dotted quad. */
    private static final int MAX_LENGTH = 45;

    private IpLiteral() {}

    /** True for {@code 198.51.100.7} or {@code 2001:db8::7}; false for anything else. */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        return value.indexOf(':') >= 0 ? isIpv6(value) : isIpv4(value);
    }

    /**
     * Four decimal parts 0–255. Leading zeros are refused ({@code 010.0.0.1}): some stacks read
     * them as octal, so the same text would name two different hosts.
     */
    static boolean isIpv4(String s) {
        int parts = 0;
        int i = 0;
        int n = s.length();
        while (true) {
            int start = i;
            int v = 0;
            while (i < n && i - start < 3 && isDigit(s.charAt(i))) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || v > 255 || (len > 1 && s.charAt(start) == '0')) {
                return false;
            }
            parts++;
            if (i == n) {
                return parts == 4;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return false;
            }
            i++;
        }
    }

    private static boolean isIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        if (gap < 0) {
            return groups(s) == 8;
        }
        String head = s.substring(0, gap);
        String tail = s.substring(gap + 2);
        int h = head.isEmpty() ? 0 : groups(head);
        int t = tail.isEmpty() ? 0 : groups(tail);
        // A dotted quad may only end the address, never precede the "::".
        if (h < 0 || t < 0 || head.indexOf('.') >= 0) {
            return false;
        }
        // "::" stands for at least one zero group (RFC 4291 section 2.2).
        return h + t <= 7;
    }

    /**
     * Counts the 16-bit groups in a colon-separated run with no {@code ::}; a trailing dotted quad
     * counts as two. Returns -1 when the run is malformed.
     */
    private static int groups(String run) {
        String[] parts = run.split(":", -1);
        int count = 0;
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            if (p == parts.length - 1 && part.indexOf('.') >= 0) {
                if (!isIpv4(part)) {
                    return -1;
                }
                count += 2;
            } else if (isHexGroup(part)) {
                count++;
            } else {
                return -1;
            }
        }
        return count;
    }

    private static boolean isHexGroup(String part) {
        if (part.isEmpty() || part.length() > 4) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!isDigit(c) && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
