package dev.vpsguard.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/** The schema checks shared by the wire records' constructors. Each names the field it checks. */
final class Check {
    static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int VMID_MIN = 100;
    static final int VMID_MAX = 999_999_999;

    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");

    private Check() {}

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new FieldViolation(field, "required");
        }
        return value;
    }

    static long atLeast(long value, long min, String field) {
        if (value < min) {
            throw new FieldViolation(field, "must be >= " + min + ", was " + value);
        }
        return value;
    }

    static Long atLeast(Long value, long min, String field) {
        return value == null ? null : atLeast(value.longValue(), min, field);
    }

    static long between(long value, long min, long max, String field) {
        if (value < min || value > max) {
            throw new FieldViolation(
                    field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    static Integer between(Integer value, int min, int max, String field) {
        if (value != null) {
            between(value.longValue(), min, max, field);
        }
        return value;
    }

    static int vmid(int value, String field) {
        return (int) between(value, VMID_MIN, VMID_MAX, field);
    }

    /** A finite number >= 0, or null. */
    static Double rate(Double value, String field) {
        return between(value, 0, Double.MAX_VALUE, field);
    }

    static Double between(Double value, double min, double max, String field) {
        if (value == null) {
            return null;
        }
        if (value.isNaN() || value.isInfinite()) {
            throw new FieldViolation(field, "must be a finite number");
        }
        if (value < min || value > max) {
            throw new FieldViolation(
                    field,
                    "must be between " + fmt(min) + " and " + fmt(max) + ", was " + fmt(value));
        }
        return value;
    }

    private static String fmt(double d) {
        return d == Double.MAX_VALUE
                ? "∞"
                : (d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d));
    }

    /** Optional single-line text of at most {@code max} characters, without control characters. */
    static String text(String value, int max, String field) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw new FieldViolation(
                    field, "must be at most " + max + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new FieldViolation(field, "must not contain control characters");
            }
        }
        return value;
    }

    /**
     * Optional free text of at most {@code max} characters that may span lines: tabs and line
     * breaks pass, other control characters do not. For error details, where a command's stderr is
     * often several lines and refusing the whole report over a newline would lose data.
     */
    static String multiLineText(String value, int max, String field) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw new FieldViolation(
                    field, "must be at most " + max + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                throw new FieldViolation(field, "must not contain control characters");
            }
        }
        return value;
    }

    static String requiredText(String value, int max, String field) {
        required(value, field);
        if (value.isBlank()) {
            throw new FieldViolation(field, "must not be blank");
        }
        return text(value, max, field);
    }

    static String matches(String value, Pattern pattern, String field) {
        if (value != null && !pattern.matcher(value).matches()) {
            throw new FieldViolation(field, "must match " + pattern.pattern());
        }
        return value;
    }

    /** Canonical lower-case UUID text, as {@code UUID.randomUUID().toString()} writes it. */
    static final Pattern AGENT_INSTANCE =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    static String agentInstance(String value, String field) {
        if (!AGENT_INSTANCE.matcher(required(value, field)).matches()) {
            throw new FieldViolation(field, "must be a lower-case UUID (8-4-4-4-12 hex digits)");
        }
        return value;
    }

    static String hostId(String value, String field) {
        return matches(required(value, field), HOST_ID, field);
    }

    static String iface(String value, String field) {
        return matches(value, IFACE, field);
    }

    static String mac(String value, String field) {
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!MAC.matcher(lower).matches()) {
            throw new FieldViolation(field, "must be a MAC address like bc:24:11:aa:bb:cc");
        }
        return lower;
    }

    /** An IPv4 or IPv6 literal. Never resolves names: only literals are accepted. */
    static String ip(String value, String field) {
        if (!isIpLiteral(value)) {
            throw new FieldViolation(field, "must be an IPv4 or IPv6 address, was " + quote(value));
        }
        return value;
    }

    /** An address or a CIDR block (address/prefix). */
    static String ipOrCidr(String value, String field) {
        int slash = value == null ? -1 : value.indexOf('/');
        if (slash < 0 && isIpLiteral(value)) {
            return value;
        }
        if (slash < 0) {
            throw new FieldViolation(
                    field, "must be an address or a CIDR block, was " + quote(value));
        }
        String addr = value.substring(0, slash);
        String prefix = value.substring(slash + 1);
        int maxPrefix = addr.contains(":") ? 128 : 32;
        if (!isIpLiteral(addr)
                || !prefix.matches("\\d{1,3}")
                || Integer.parseInt(prefix) > maxPrefix) {
            throw new FieldViolation(
                    field, "must be an address or a CIDR block, was " + quote(value));
        }
        return value;
    }

    static boolean isIpLiteral(String value) {
        return IpLiteral.isValid(value);
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "\"";
    }

    /** A required list of at most {@code max} elements, none null; returns an immutable copy. */
    static <E> List<E> list(List<E> value, int max, String field) {
        return optionalList(required(value, field), max, field);
    }

    /** Like {@link #list} but null stays null. */
    static <E> List<E> optionalList(List<E> value, int max, String field) {
        if (value == null) {
            return null;
        }
        if (value.size() > max) {
            throw new FieldViolation(
                    field, "must have at most " + max + " elements, had " + value.size());
        }
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i) == null) {
                throw new FieldViolation(field + "[" + i + "]", "must not be null");
            }
        }
        return List.copyOf(value);
    }

    /** Checks every string element with {@code each}, naming the element's index on failure. */
    static List<String> eachString(
            List<String> value, String field, BiConsumer<String, String> each) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.size(); i++) {
            each.accept(value.get(i), field + "[" + i + "]");
        }
        return value;
    }

    /** Fails when two elements share a key, naming the second one. */
    static <E, K> void unique(
            List<E> value, java.util.function.Function<E, K> key, String field, String keyName) {
        Set<K> seen = new HashSet<>();
        List<E> list = value == null ? new ArrayList<>() : value;
        for (int i = 0; i < list.size(); i++) {
            K k = key.apply(list.get(i));
            if (!seen.add(k)) {
                throw new FieldViolation(
                        field + "[" + i + "]." + keyName, "duplicate " + keyName + " " + k);
            }
        }
    }
}
