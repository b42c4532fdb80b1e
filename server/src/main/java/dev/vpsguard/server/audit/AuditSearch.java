package dev.vpsguard.server.audit;

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
import java.util.List;
import javax.sql.DataSource;

/** Searches the audit log by actor, target, kind and time, newest first, one page at a time. */
@Singleton
public class AuditSearch {
    /**
     * What to look for; a null or blank field does not filter.
     *
     * @param actor exactly this actor
     * @param target exactly this target (a guest's id for the guest filter)
     * @param kind actions starting with this, e.g. {@code block} or {@code notification.retry}
     * @param from at or after
     * @param to before
     */
    public record Filter(
            @Nullable String actor,
            @Nullable String target,
            @Nullable String kind,
            @Nullable Instant from,
            @Nullable Instant to) {}

    private final DataSource dataSource;

    public AuditSearch(DataSource dataSource, @Nullable DataSourceResolver resolver) {
        // The pool itself: this runs outside any transaction, on its own short connection.
        this.dataSource = resolver == null ? dataSource : resolver.resolve(dataSource);
    }

    /** Up to {@code limit} matching entries after skipping {@code offset}, newest first. */
    public List<AuditRecord> find(Filter f, int limit, long offset) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, target, detail");
        sql.append(" FROM audit WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (present(f.actor())) {
            sql.append(" AND actor = ?");
            params.add(f.actor().strip());
        }
        if (present(f.target())) {
            sql.append(" AND target = ?");
            params.add(f.target().strip());
        }
        if (present(f.kind())) {
            sql.append(" AND action LIKE ? ESCAPE '!'");
            params.add(f.kind().strip().replaceAll("([!%_])", "!$1") + "%");
        }
        if (f.from() != null) {
            sql.append(" AND at >= ?");
            params.add(utc(f.from()));
        }
        if (f.to() != null) {
            sql.append(" AND at < ?");
            params.add(utc(f.to()));
        }
        sql.append(" ORDER BY at DESC, id DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY");
        params.add(Math.max(0, offset));
        params.add(Math.max(0, limit));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<AuditRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(
                            new AuditRecord(
                                    rs.getString("id"),
                                    rs.getObject("at", OffsetDateTime.class).toInstant(),
                                    rs.getString("actor"),
                                    rs.getString("action"),
                                    rs.getString("target"),
                                    rs.getString("detail")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot search the audit log", e);
        }
    }

    /** The actions recorded so far, sorted (for the kind filter's choices). */
    public List<String> kinds() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT DISTINCT action FROM audit ORDER BY action");
                ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log's actions", e);
        }
    }

    private static boolean present(@Nullable String s) {
        return s != null && !s.isBlank();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
