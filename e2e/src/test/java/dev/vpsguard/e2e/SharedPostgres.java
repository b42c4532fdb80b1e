package dev.vpsguard.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * An embedded PostgreSQL that several server processes share: the settings that point a server at
 * it, and what a test reads back from the server's tables.
 */
final class SharedPostgres implements AutoCloseable {
    private final EmbeddedPostgres pg;
    private final DataSource db;

    SharedPostgres(EmbeddedPostgres pg) {
        this.pg = pg;
        this.db = pg.getPostgresDatabase();
    }

    static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops {@code pg} after a failed start of something else; cleanup only. */
    static void stop(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            // the test failed already
        }
    }

    /** The server's environment for this database. */
    Map<String, String> env() {
        return env(pg);
    }

    /** The server's environment for database {@code pg}. */
    static Map<String, String> env(EmbeddedPostgres pg) {
        return Map.of(
                "DATASOURCES_DEFAULT_URL", pg.getJdbcUrl("postgres", "postgres"),
                "DATASOURCES_DEFAULT_USERNAME", "postgres",
                "DATASOURCES_DEFAULT_PASSWORD", "",
                "DATASOURCES_DEFAULT_DIALECT", "POSTGRES");
    }

    /** Stored reports (receipts) by host id. */
    Map<String, Long> receiptsPerHost() {
        Map<String, Long> out = new HashMap<>();
        query(
                "SELECT host_id, COUNT(*) FROM report_receipts GROUP BY host_id",
                null,
                rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    /** The first column of {@code sql}, whose one parameter is {@code hostId}. */
    List<Long> longs(String sql, String hostId) {
        List<Long> out = new ArrayList<>();
        query(sql, hostId, rs -> out.add(rs.getLong(1)));
        return out;
    }

    /** Every action as {@code host/vmid/type@createdAt}. */
    List<String> actions() {
        List<String> out = new ArrayList<>();
        query(
                "SELECT host_id, vmid, type, created_at FROM actions",
                null,
                rs -> {
                    Timestamp created = rs.getTimestamp(4);
                    out.add(
                            rs.getString(1)
                                    + "/"
                                    + rs.getInt(2)
                                    + "/"
                                    + rs.getString(3)
                                    + "@"
                                    + created.toInstant());
                });
        return out;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, String param, Row row) {
        try (Connection c = db.getConnection();
                PreparedStatement st = c.prepareStatement(sql)) {
            if (param != null) {
                st.setString(1, param);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
