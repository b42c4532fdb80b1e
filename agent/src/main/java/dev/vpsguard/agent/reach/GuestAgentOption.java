package dev.vpsguard.agent.reach;

import java.util.Locale;

/**
 * Reads a VM config's {@code agent} option: {@code 1}, {@code enabled=1,fstrim_cloned_disks=1},
 * {@code 1,type=virtio}... (qemu-server's property string, whose default key is {@code enabled}).
 * Pure; never throws.
 */
public final class GuestAgentOption {
    private GuestAgentOption() {}

    /** Whether the option enables the QEMU guest agent; false for null, {@code 0} or garbage. */
    public static boolean enabled(String value) {
        if (value == null) {
            return false;
        }
        for (String part : value.split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq < 0) {
                return truthy(p); // the default key, written first
            }
            if (p.substring(0, eq).strip().equals("enabled")) {
                return truthy(p.substring(eq + 1).strip());
            }
        }
        return false;
    }

    private static boolean truthy(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "yes", "on", "true" -> true;
            default -> false;
        };
    }
}
