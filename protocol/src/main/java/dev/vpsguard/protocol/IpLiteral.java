package dev.vpsguard.protocol;

import java.util.regex.Pattern;

/**
 * What the protocol accepts as an address: an IPv4 dotted quad or an IPv6 literal (no zone id, no
 * prefix). Names are never resolved. Both sides use this one check, so the agent never builds an
 * address the server would refuse.
 */
public final class IpLiteral {
    private static final Pattern IPV4 =
            Pattern.compile(
                    "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiteral() {}

    /** True for {@code 198.51.100.7} or {@code 2001:db8::7}; false for anything else. */
    public static boolean isValid(String value) {
        if (value == null) {
            return false;
        }
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
            return false;
        }
        try {
            // Safe: a string with ':' and only hex digits, ':' and '.' is parsed as an IPv6
            // literal; the JDK never looks it up in DNS.
            java.net.InetAddress.getByName(value);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
