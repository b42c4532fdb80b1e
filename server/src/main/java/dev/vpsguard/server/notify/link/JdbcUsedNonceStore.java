package dev.vpsguard.server.notify.link;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * {@link UsedNonceStore} on table {@code notify_used_nonce} (migration {@code V50__outbox.sql}).
 * The primary key makes {@link #markUsed} race-free: of two concurrent submits, one insert fails.
 *
 * <p>With Micronaut's transaction-aware {@code DataSource}, calls made inside a transaction join
 * it.
 */
public final class JdbcUsedNonceStore implements UsedNonceStore {
    private final DataSource dataSource;

    public JdbcUsedNonceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean isUsed(String nonce) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT 1 FROM notify_used_nonce WHERE nonce = ?")) {
            ps.setString(1, nonce);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read used unblock links: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean markUsed(Connection tx, UnblockClaims claims, Instant usedAt) {
        // Insert-if-absent rather than catching the key violation: on PostgreSQL a failed statement
        // would abort the caller's whole transaction.
        try (PreparedStatement ps =
                tx.prepareStatement(
                        "INSERT INTO notify_used_nonce (nonce, block_id, used_at, expires_at)"
                                + " SELECT ?, ?, ?, ? FROM (VALUES (1)) AS one(x) WHERE NOT"
                                + " EXISTS (SELECT 1 FROM notify_used_nonce WHERE nonce = ?)")) {
            ps.setString(1, claims.nonce());
            ps.setString(2, claims.blockId());
            ps.setObject(3, usedAt.atOffset(ZoneOffset.UTC));
            ps.setObject(4, claims.expiresAt().atOffset(ZoneOffset.UTC));
            ps.setString(5, claims.nonce());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            // A concurrent insert of the same nonce won the race.
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException(
                    "cannot record used unblock link: " + e.getMessage(), e);
        }
    }
}
