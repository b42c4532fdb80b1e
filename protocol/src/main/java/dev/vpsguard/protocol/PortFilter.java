package dev.vpsguard.protocol;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Destination ports a guest may not use, per direction and protocol. Each entry is one port ({@code
 * "445"}) or an inclusive range ({@code "135-139"}); every list is optional.
 *
 * @param outboundTcp TCP ports the guest may not connect to
 * @param outboundUdp UDP ports the guest may not send to
 * @param inboundTcp TCP ports of the guest that may not be reached from outside
 * @param inboundUdp UDP ports of the guest that may not be reached from outside
 */
public record PortFilter(
        List<String> outboundTcp,
        List<String> outboundUdp,
        List<String> inboundTcp,
        List<String> inboundUdp) {
    /** Entries per list; a contract lists a handful. */
    static final int MAX_ENTRIES = 64;

    private static final Pattern PORTS = Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?");

    public PortFilter {
        outboundTcp = ports(outboundTcp, "outboundTcp");
        outboundUdp = ports(outboundUdp, "outboundUdp");
        inboundTcp = ports(inboundTcp, "inboundTcp");
        inboundUdp = ports(inboundUdp, "inboundUdp");
    }

    private static List<String> ports(List<String> value, String field) {
        List<String> list = Check.optionalList(value, MAX_ENTRIES, field);
        return Check.eachString(list, field, PortFilter::range);
    }

    private static void range(String value, String field) {
        Matcher m = PORTS.matcher(value);
        if (!m.matches()) {
            throw new FieldViolation(field, "must be a port or a range like 135-139");
        }
        int low = Integer.parseInt(m.group(1));
        int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
        if (low < 1 || high > 65_535 || low > high) {
            throw new FieldViolation(
                    field, "ports must be 1..65535 with low <= high, was " + value);
        }
    }
}
