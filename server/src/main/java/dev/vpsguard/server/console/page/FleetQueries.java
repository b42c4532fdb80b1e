package dev.vpsguard.server.console.page;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The fleet page's SQL: fleet-wide counts, and one page of hosts filtered, sorted and counted by
 * the database. With 2,000 hosts and 100,000 guests, reading every host and counting every host's
 * guests per request cost seconds (BENCHMARKS.md, "Console fleet page at 2,000 hosts"); only the
 * page's hosts have their guests counted, through {@code guests_host_status_idx}.
 */
@Singleton
public class FleetQueries {
    /** Blocks in this state are in force; unblock requests in {@code QUEUED} await an operator. */
    static final String ACTIVE = "active";

    static final String QUEUED = "queued";
    static final String AWAITING_APPROVAL = "awaiting_approval";

    /**
     * Hosts and their silences. Active blocks and queued requests per host are small sets read
     * first ({@link #marks}) and written into the statement as parameters: joined as derived
     * tables, H2 evaluated them again for each of 2,000 hosts whenever ingest had changed a table
     * (p95 3.5 s during the load, BENCHMARKS.md).
     */
    private static final String FROM =
            " FROM hosts h LEFT JOIN host_silences s ON s.host_id = h.id";

    private static final String BLOCKS_PER_HOST =
            "SELECT g.host_id, COUNT(*) FROM blocks x JOIN guests g ON g.id = x.guest_id"
                    + " WHERE x.state = '"
                    + ACTIVE
                    + "' GROUP BY g.host_id";
    private static final String REQUESTS_PER_HOST =
            "SELECT g.host_id, COUNT(*) FROM unblock_requests x JOIN guests g"
                    + " ON g.id = x.guest_id WHERE x.outcome = '"
                    + QUEUED
                    + "' GROUP BY g.host_id";

    /** Active blocks and queued requests per host, for the hosts that have any. */
    public record Marks(Map<String, Integer> blocks, Map<String, Integer> requests) {}

    /** Only for the sort by guests: every host's guests counted from the index. */
    private static final String GUEST_COUNTS =
            " LEFT JOIN (SELECT host_id, COUNT(*) AS n FROM guests GROUP BY host_id) gc"
                    + " ON gc.host_id = h.id";

    /** Fleet-wide guests: the one count that reads every guest (100,000 at 2,000 hosts). */
    static final String GUEST_TOTALS =
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END), 0)"
                    + " FROM guests";

    /** Fleet-wide counts but the guests', one statement of scalar subqueries on small sets. */
    private static final String SUMMARY =
            "SELECT (SELECT COUNT(*) FROM hosts) AS hosts,"
                    + " (SELECT COUNT(*) FROM host_silences) AS silent,"
                    + " (SELECT COUNT(*) FROM hosts WHERE last_report_at IS NULL) AS never,"
                    + " (SELECT COUNT(*) FROM hosts h WHERE h.last_report_at < ? AND NOT EXISTS"
                    + " (SELECT 1 FROM host_silences s WHERE s.host_id = h.id)) AS stale,"
                    + " (SELECT COUNT(*) FROM blocks WHERE state = '"
                    + ACTIVE
                    + "') AS blocks,"
                    + " (SELECT COUNT(DISTINCT g.host_id) FROM blocks x JOIN guests g"
                    + " ON g.id = x.guest_id WHERE x.state = '"
                    + ACTIVE
                    + "') AS blocked_hosts,"
                    + " (SELECT COUNT(*) FROM unblock_requests WHERE outcome = '"
                    + QUEUED
                    + "') AS requests,"
                    + " (SELECT COUNT(*) FROM actions WHERE state = '"
                    + AWAITING_APPROVAL
                    + "' AND lifted_at IS NULL) AS awaiting,"
                    + " (SELECT COUNT(*) FROM actions WHERE state <> '"
                    + AWAITING_APPROVAL
                    + "' AND lifted_at IS NULL) AS in_force";

    /**
     * Fleet-wide counts (the guests' come from {@link #guestTotals}).
     *
     * @param stale hosts not silent whose last report is older than the stale limit
     * @param blockedHosts hosts with at least one active block
     * @param awaitingApproval actions awaiting an operator's approval
     * @param actionsInForce actions in the hosts' desired state (not lifted, not awaiting)
     */
    public record Summary(
            long hosts,
            long silent,
            long never,
            long stale,
            long guests,
            long guestsRunning,
            long activeBlocks,
            long blockedHosts,
            long pendingRequests,
            long awaitingApproval,
            long actionsInForce) {
        public long attention() {
            return silent + never + stale;
        }
    }

    /** One host of a page, before its guests are counted. */
    public record HostLine(
            String id,
            String name,
            @Nullable Instant lastReportAt,
            @Nullable Instant silentSince,
            int activeBlocks,
            int pendingRequests) {}

    /** Guests of one host: in all, and running. */
    public record GuestCount(int total, int running) {}

    private final DataSource dataSource;

    public FleetQueries(DataSource dataSource, @Nullable DataSourceResolver resolver) {
        // The pool itself: read-only statements outside any transaction, on one short connection.
        this.dataSource = resolver == null ? dataSource : resolver.resolve(dataSource);
    }

    /** Every guest of the fleet, and those running: one pass over the guests. */
    public GuestCount guestTotals() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(GUEST_TOTALS);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new GuestCount(rs.getInt(1), rs.getInt(2));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the fleet's guests", e);
        }
    }

    /** The fleet's counts, with {@code guests} counted by {@link #guestTotals}. */
    public Summary summary(Instant staleBefore, GuestCount guests) {
        Sql sql = summarySql(staleBefore);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = prepare(c, sql.text(), sql.params())) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Summary(
                        rs.getLong("hosts"),
                        rs.getLong("silent"),
                        rs.getLong("never"),
                        rs.getLong("stale"),
                        guests.total(),
                        guests.running(),
                        rs.getLong("blocks"),
                        rs.getLong("blocked_hosts"),
                        rs.getLong("requests"),
                        rs.getLong("awaiting"),
                        rs.getLong("in_force"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the fleet", e);
        }
    }

    /** The hosts with active blocks or queued requests, and how many: two small grouped reads. */
    public Marks marks() {
        try (Connection c = dataSource.getConnection()) {
            return new Marks(perHost(c, BLOCKS_PER_HOST), perHost(c, REQUESTS_PER_HOST));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the fleet's blocks", e);
        }
    }

    private static Map<String, Integer> perHost(Connection c, String sql) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    /** A statement and its parameters (package-visible: the plan test EXPLAINs them). */
    record Sql(String text, List<Object> params) {}

    /** How many hosts {@code filter} selects. */
    public long count(FleetFilter filter, Instant staleBefore, Marks marks) {
        Sql sql = countSql(filter, staleBefore, marks);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = prepare(c, sql.text(), sql.params());
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the fleet's hosts", e);
        }
    }

    static Sql countSql(FleetFilter filter, Instant staleBefore, Marks marks) {
        List<Object> params = new ArrayList<>();
        return new Sql(
                "SELECT COUNT(*)" + FROM + where(filter, staleBefore, marks, params), params);
    }

    /** Up to {@code limit} hosts {@code filter} selects, in its order, after {@code offset}. */
    public List<HostLine> page(
            FleetFilter filter, Instant staleBefore, Marks marks, int limit, long offset) {
        Sql sql = pageSql(filter, staleBefore, marks, limit, offset);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = prepare(c, sql.text(), sql.params());
                ResultSet rs = ps.executeQuery()) {
            List<HostLine> out = new ArrayList<>();
            while (rs.next()) {
                out.add(
                        new HostLine(
                                rs.getString("id"),
                                rs.getString("name"),
                                instant(rs, "last_report_at"),
                                instant(rs, "silent_since"),
                                marks.blocks().getOrDefault(rs.getString("id"), 0),
                                marks.requests().getOrDefault(rs.getString("id"), 0)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the fleet's hosts", e);
        }
    }

    static Sql pageSql(
            FleetFilter filter, Instant staleBefore, Marks marks, int limit, long offset) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql =
                new StringBuilder("SELECT h.id, h.name, h.last_report_at, s.since AS silent_since");
        sql.append(FROM);
        if (filter.sort() == FleetFilter.Sort.GUESTS) {
            sql.append(GUEST_COUNTS);
        }
        sql.append(where(filter, staleBefore, marks, params));
        sql.append(" ORDER BY ").append(order(filter.sort(), staleBefore, marks, params));
        sql.append(" OFFSET ? ROWS FETCH FIRST ? ROWS ONLY");
        params.add(Math.max(0, offset));
        params.add(Math.max(0, limit));
        return new Sql(sql.toString(), params);
    }

    /** The guests of {@code hostIds} (one page of hosts), counted by the index. */
    public Map<String, GuestCount> guests(List<String> hostIds) {
        if (hostIds.isEmpty()) {
            return Collections.emptyMap();
        }
        Sql sql = guestsSql(hostIds);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = prepare(c, sql.text(), sql.params());
                ResultSet rs = ps.executeQuery()) {
            Map<String, GuestCount> out = new HashMap<>();
            while (rs.next()) {
                out.put(
                        rs.getString("host_id"),
                        new GuestCount(rs.getInt("total"), rs.getInt("running")));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the hosts' guests", e);
        }
    }

    static Sql guestsSql(List<String> hostIds) {
        return new Sql(
                "SELECT host_id, COUNT(*) AS total,"
                        + " SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) AS running"
                        + " FROM guests WHERE host_id IN ("
                        + String.join(", ", Collections.nCopies(hostIds.size(), "?"))
                        + ") GROUP BY host_id",
                new ArrayList<>(hostIds));
    }

    static Sql summarySql(Instant staleBefore) {
        return new Sql(SUMMARY, List.of(utc(staleBefore)));
    }

    private static String where(
            FleetFilter f, Instant staleBefore, Marks marks, List<Object> params) {
        StringBuilder w = new StringBuilder(" WHERE 1 = 1");
        if (!f.query().isEmpty()) {
            w.append(" AND LOWER(h.name) LIKE ? ESCAPE '!'");
            params.add("%" + f.query().replaceAll("([!%_])", "!$1") + "%");
        }
        switch (f.show()) {
            case ATTENTION -> {
                w.append(
                        " AND (s.host_id IS NOT NULL OR h.last_report_at IS NULL"
                                + " OR h.last_report_at < ?)");
                params.add(utc(staleBefore));
            }
            case SILENT -> w.append(" AND s.host_id IS NOT NULL");
            case BLOCKED -> w.append(" AND ").append(in(marks.blocks(), params));
            case REQUESTS -> w.append(" AND ").append(in(marks.requests(), params));
            case ALL -> {}
        }
        return w.toString();
    }

    /** Each order ends on the name, then the id, so that pages never overlap. */
    private static String order(
            FleetFilter.Sort sort, Instant staleBefore, Marks marks, List<Object> params) {
        String byName = "LOWER(h.name), h.id";
        return switch (sort) {
            case ATTENTION -> {
                params.add(utc(staleBefore));
                Map<String, Integer> marked = new HashMap<>(marks.blocks());
                marked.putAll(marks.requests());
                // Silent, then never reported, then stale, then hosts with blocks or requests.
                yield "CASE WHEN s.host_id IS NOT NULL THEN 0"
                        + " WHEN h.last_report_at IS NULL THEN 1"
                        + " WHEN h.last_report_at < ? THEN 2"
                        + " WHEN "
                        + in(marked, params)
                        + " THEN 3 ELSE 4 END, "
                        + byName;
            }
            case AGE -> "h.last_report_at ASC NULLS FIRST, " + byName;
            case GUESTS -> "COALESCE(gc.n, 0) DESC, " + byName;
            case BLOCKS -> {
                if (marks.blocks().isEmpty()) {
                    yield byName;
                }
                StringBuilder c = new StringBuilder("CASE h.id");
                marks.blocks()
                        .forEach(
                                (host, n) -> {
                                    c.append(" WHEN ? THEN ?");
                                    params.add(host);
                                    params.add(n);
                                });
                yield c.append(" ELSE 0 END DESC, ").append(byName).toString();
            }
            case NAME -> byName;
        };
    }

    /** {@code h.id IN (...)} over {@code hosts}' keys, or false without any. */
    private static String in(Map<String, Integer> hosts, List<Object> params) {
        if (hosts.isEmpty()) {
            return "1 = 0";
        }
        params.addAll(hosts.keySet());
        return "h.id IN (" + String.join(", ", Collections.nCopies(hosts.size(), "?")) + ")";
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> params)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
        return ps;
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
