package dev.vpsguard.server.notify.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Read-only views of the outbox for the console: counts, one guest's deliveries, a channel's last.
 */
public final class OutboxOverview {
    private final DataSource dataSource;

    public OutboxOverview(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** How many deliveries are in each state (every state present, 0 when none). */
    public Map<OutboxItem.Status, Long> counts() {
        Map<OutboxItem.Status, Long> counts = new EnumMap<>(OutboxItem.Status.class);
        for (OutboxItem.Status s : OutboxItem.Status.values()) {
            counts.put(s, 0L);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT status, COUNT(*) AS n FROM notify_outbox GROUP BY status");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(OutboxItem.Status.valueOf(rs.getString("status")), rs.getLong("n"));
            }
            return counts;
        } catch (SQLException e) {
            throw new OutboxException("cannot count the outbox", e);
        }
    }

    /** The deliveries about one guest ({@code <hostId>/<vmid>}), newest first. */
    public List<OutboxItem> ofGuest(String guestKey, int limit) {
        return query(
                "SELECT "
                        + JdbcOutboxStore.COLUMNS
                        + " FROM notify_outbox WHERE guest_key = ? ORDER BY id DESC"
                        + " FETCH FIRST ? ROWS ONLY",
                guestKey,
                Math.max(0, limit));
    }

    /** The newest delivery on {@code channel}, whatever its state. */
    public Optional<OutboxItem> newestOn(String channel) {
        return query(
                        "SELECT "
                                + JdbcOutboxStore.COLUMNS
                                + " FROM notify_outbox WHERE channel = ? ORDER BY id DESC"
                                + " FETCH FIRST 1 ROWS ONLY",
                        channel)
                .stream()
                .findFirst();
    }

    /** The last delivery that reached {@code channel}. */
    public Optional<OutboxItem> lastDeliveredOn(String channel) {
        return query(
                        "SELECT "
                                + JdbcOutboxStore.COLUMNS
                                + " FROM notify_outbox WHERE channel = ? AND status = 'DELIVERED'"
                                + " ORDER BY finished_at DESC, id DESC FETCH FIRST 1 ROWS ONLY",
                        channel)
                .stream()
                .findFirst();
    }

    private List<OutboxItem> query(String sql, Object... params) {
        return JdbcOutboxStore.select(dataSource, sql, params);
    }
}
