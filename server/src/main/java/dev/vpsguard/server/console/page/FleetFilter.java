package dev.vpsguard.server.console.page;

import io.micronaut.core.annotation.Nullable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the fleet page lists: hosts whose name contains {@code query} (any case), those {@code show}
 * selects, in {@code sort} order, page {@code page} (from 1).
 */
public record FleetFilter(String query, Show show, Sort sort, int page) {
    static final int MAX_QUERY = 200;
    static final int MAX_PAGE = 1_000_000;

    /** Which hosts: all, those needing attention (silent, stale, no report), silent, blocked... */
    public enum Show {
        ALL,
        ATTENTION,
        SILENT,
        BLOCKED,
        REQUESTS;

        public String param() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The order: attention first (the default), by name, oldest report, most guests, blocks. */
    public enum Sort {
        ATTENTION,
        NAME,
        AGE,
        GUESTS,
        BLOCKS;

        public String param() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A query parameter the page refuses: its name and the message key of the reason. */
    public static final class Refused extends RuntimeException {
        private final String field;

        Refused(String field) {
            super(field, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * The filter from the page's query parameters; absent or blank ones take their default.
     *
     * @throws Refused naming the first parameter that is not one of its values
     */
    public static FleetFilter parse(
            @Nullable String q,
            @Nullable String show,
            @Nullable String sort,
            @Nullable String page) {
        String query = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        if (query.length() > MAX_QUERY) {
            throw new Refused("q");
        }
        return new FleetFilter(
                query,
                choice(Show.values(), show, Show.ALL, "show"),
                choice(Sort.values(), sort, Sort.ATTENTION, "sort"),
                pageNumber(page));
    }

    public static List<String> shows() {
        return Arrays.stream(Show.values()).map(Show::param).toList();
    }

    public static List<String> sorts() {
        return Arrays.stream(Sort.values()).map(Sort::param).toList();
    }

    private static <E extends Enum<E>> E choice(
            E[] values, @Nullable String given, E fallback, String field) {
        if (given == null || given.isBlank()) {
            return fallback;
        }
        for (E e : values) {
            if (e.name().toLowerCase(Locale.ROOT).equals(given.strip())) {
                return e;
            }
        }
        throw new Refused(field);
    }

    private static int pageNumber(@Nullable String page) {
        if (page == null || page.isBlank()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(page.strip());
            if (n >= 1 && n <= MAX_PAGE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Refused("page");
    }
}
