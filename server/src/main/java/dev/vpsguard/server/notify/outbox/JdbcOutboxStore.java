package dev.vpsguard.server.notify.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link OutboxStore} on plain JDBC, for H2 2.x and PostgreSQL (table {@code notify_outbox},
 * migration {@code V50__outbox.sql}). Both databases accept the same {@code FOR UPDATE SKIP LOCKED}
 * claim, so several server nodes can dispatch from one table without delivering an item twice at
 * once.
 */
public final class JdbcOutboxStore implements OutboxStore {
    static final String COLUMNS =
            "id, notification_id, notification_type, channel, guest_key, payload, status, attempts,"
                    + " created_at, queued_at, next_attempt_at, finished_at, last_error";

    // Per-guest order: only the first pending item of each guest and channel may be claimed, even
    // when that one is only waiting for its retry. The first ones are found by one grouped scan of
    // the pending rows: its cost is linear in the backlog whatever the planner knows. A correlated
    // NOT EXISTS per row was as fast on a small queue, but PostgreSQL planned it as a nested loop
    // over every pending row when the table's statistics predated a burst (10 s per claim at
    // 10,000 pending rows).
    private static final String CLAIM =
            "SELECT "
                    + COLUMNS
                    + " FROM notify_outbox o WHERE o.id IN (SELECT MIN(e.id) FROM notify_outbox e"
                    + " WHERE e.status = 'PENDING' GROUP BY e.guest_key, e.channel)"
                    + " AND o.status = 'PENDING' AND o.next_attempt_at <= ?"
                    + " ORDER BY o.id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";

    private static final int MAX_ERROR_CHARS = 2000;

    private final DataSource dataSource;

    public JdbcOutboxStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public int enqueue(Connection tx, List<NewOutboxItem> items, Instant now) {
        String sql =
                "INSERT INTO notify_outbox (notification_id, notification_type, channel, guest_key,"
                        + " payload, status, attempts, created_at, queued_at, next_attempt_at)"
                        + " SELECT ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ? FROM (VALUES (1)) AS one(x)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM notify_outbox WHERE notification_id = ?"
                        + " AND channel = ?)";
        int added = 0;
        try (PreparedStatement ps = tx.prepareStatement(sql)) {
            OffsetDateTime at = utc(now);
            for (NewOutboxItem item : items) {
                ps.setObject(1, item.notificationId());
                ps.setString(2, item.type());
                ps.setString(3, item.channel());
                ps.setString(4, item.guestKey());
                ps.setString(5, item.payload());
                ps.setObject(6, at);
                ps.setObject(7, at);
                ps.setObject(8, at);
                ps.setObject(9, item.notificationId());
                ps.setString(10, item.channel());
                added += ps.executeUpdate();
            }
            return added;
        } catch (SQLException e) {
            throw new OutboxException("cannot enqueue " + items.size() + " outbox item(s)", e);
        }
    }

    @Override
    public List<OutboxItem> claimDue(Instant now, int limit, Duration lease) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                List<OutboxItem> claimed = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                    ps.setObject(1, utc(now));
                    ps.setInt(2, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            claimed.add(map(rs));
                        }
                    }
                }
                Instant leaseEnd = now.plus(lease);
                try (PreparedStatement up =
                        c.prepareStatement(
                                "UPDATE notify_outbox SET next_attempt_at = ?, attempts = attempts + 1"
                                        + " WHERE id = ?")) {
                    for (OutboxItem i : claimed) {
                        up.setObject(1, utc(leaseEnd));
                        up.setLong(2, i.id());
                        up.addBatch();
                    }
                    if (!claimed.isEmpty()) {
                        up.executeBatch();
                    }
                }
                c.commit();
                return claimed.stream()
                        .map(
                                i ->
                                        new OutboxItem(
                                                i.id(),
                                                i.notificationId(),
                                                i.type(),
                                                i.channel(),
                                                i.guestKey(),
                                                i.payload(),
                                                i.status(),
                                                i.attempts() + 1,
                                                i.createdAt(),
                                                i.queuedAt(),
                                                leaseEnd,
                                                i.finishedAt(),
                                                i.lastError()))
                        .toList();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new OutboxException("cannot claim due outbox items", e);
        }
    }

    @Override
    public void markDelivered(long id, Instant now) {
        update(
                "UPDATE notify_outbox SET status = 'DELIVERED', finished_at = ?, last_error = NULL"
                        + " WHERE id = ? AND status = 'PENDING'",
                id,
                now,
                null);
    }

    @Override
    public void scheduleRetry(long id, Instant nextAttemptAt, String error) {
        update(
                "UPDATE notify_outbox SET next_attempt_at = ?, last_error = ? WHERE id = ?"
                        + " AND status = 'PENDING'",
                id,
                nextAttemptAt,
                error);
    }

    @Override
    public void moveToDeadLetter(long id, Instant now, String error) {
        update(
                "UPDATE notify_outbox SET status = 'DEAD', finished_at = ?, last_error = ? WHERE id = ?"
                        + " AND status = 'PENDING'",
                id,
                now,
                error);
    }

    @Override
    public List<OutboxItem> listDeadLetters(int limit) {
        return query(
                "SELECT "
                        + COLUMNS
                        + " FROM notify_outbox WHERE status = 'DEAD' ORDER BY finished_at DESC, id DESC"
                        + " FETCH FIRST ? ROWS ONLY",
                Math.max(0, limit));
    }

    @Override
    public List<OutboxItem> list(OutboxItem.Status status, int limit, long offset) {
        int n = Math.max(0, limit);
        long skip = Math.max(0, offset);
        if (status == null) {
            return query(
                    "SELECT "
                            + COLUMNS
                            + " FROM notify_outbox ORDER BY id DESC"
                            + " OFFSET ? ROWS FETCH FIRST ? ROWS ONLY",
                    skip,
                    n);
        }
        return query(
                "SELECT "
                        + COLUMNS
                        + " FROM notify_outbox WHERE status = ? ORDER BY id DESC"
                        + " OFFSET ? ROWS FETCH FIRST ? ROWS ONLY",
                status.name(),
                skip,
                n);
    }

    @Override
    public boolean retryDeadLetter(long id, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            return retryDeadLetter(c, id, now);
        } catch (SQLException e) {
            throw new OutboxException("cannot retry dead letter " + id, e);
        }
    }

    @Override
    public boolean retryDeadLetter(Connection tx, long id, Instant now) {
        try (PreparedStatement ps =
                tx.prepareStatement(
                        "UPDATE notify_outbox SET status = 'PENDING', attempts = 0,"
                                + " queued_at = ?, next_attempt_at = ?, finished_at = NULL"
                                + " WHERE id = ? AND status = 'DEAD'")) {
            ps.setObject(1, utc(now));
            ps.setObject(2, utc(now));
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new OutboxException("cannot retry dead letter " + id, e);
        }
    }

    @Override
    public Optional<OutboxItem> find(long id) {
        return query("SELECT " + COLUMNS + " FROM notify_outbox WHERE id = ?", id).stream()
                .findFirst();
    }

    /** All items of one notification, in id order; for the console and tests. */
    public List<OutboxItem> findByNotification(UUID notificationId) {
        return query(
                "SELECT " + COLUMNS + " FROM notify_outbox WHERE notification_id = ? ORDER BY id",
                notificationId);
    }

    private void update(String sql, long id, Instant at, String error) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, utc(at));
            if (sql.contains("last_error = ?")) {
                ps.setString(i++, truncate(error));
            }
            ps.setLong(i, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new OutboxException("cannot update outbox item " + id, e);
        }
    }

    private List<OutboxItem> query(String sql, Object... params) {
        return select(dataSource, sql, params);
    }

    /** The items {@code sql} (selecting {@link #COLUMNS}) finds, in its order. */
    static List<OutboxItem> select(DataSource dataSource, String sql, Object... params) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<OutboxItem> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new OutboxException("cannot read the outbox", e);
        }
    }

    static OutboxItem map(ResultSet rs) throws SQLException {
        return new OutboxItem(
                rs.getLong("id"),
                rs.getObject("notification_id", UUID.class),
                rs.getString("notification_type"),
                rs.getString("channel"),
                rs.getString("guest_key"),
                rs.getString("payload"),
                OutboxItem.Status.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                instant(rs, "created_at"),
                instant(rs, "queued_at"),
                instant(rs, "next_attempt_at"),
                instant(rs, "finished_at"),
                rs.getString("last_error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS);
    }
}
