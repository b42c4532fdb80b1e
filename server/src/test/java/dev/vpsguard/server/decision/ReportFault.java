package dev.vpsguard.server.decision;

import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.ingest.ReportListener;
import dev.vpsguard.server.ingest.StoredReport;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A report listener that runs after the ladder's and, while armed, fails a report whose transaction
 * has already written a notification to the outbox: the decision is made and written, then the
 * transaction rolls back. Only in contexts with {@code test.report-fault=true}.
 */
@Singleton
@Requires(property = "test.report-fault", value = "true")
public class ReportFault implements ReportListener, Ordered {
    private final DataSource dataSource;
    private volatile boolean armed;
    private volatile long outboxRowsSeen;
    private volatile long blocksSeen;

    public ReportFault(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void arm(boolean armed) {
        this.armed = armed;
    }

    /** Outbox rows the failed transaction held just before it was made to fail. */
    long outboxRowsSeen() {
        return outboxRowsSeen;
    }

    /** Active block rows the failed transaction held just before it was made to fail. */
    long blocksSeen() {
        return blocksSeen;
    }

    @Override
    public void stored(Report report, StoredReport stored) {
        if (!armed) {
            return;
        }
        // Micronaut's DataSource gives this transaction's connection: these counts include what
        // the ladder wrote a moment ago and what a rollback must take away.
        long rows = count("SELECT COUNT(*) FROM notify_outbox");
        if (rows > 0) {
            outboxRowsSeen = rows;
            blocksSeen = count("SELECT COUNT(*) FROM blocks WHERE lifted_at IS NULL");
            throw new IllegalStateException("injected fault after the decision was written");
        }
    }

    private long count(String sql) {
        try {
            Connection c = dataSource.getConnection();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }
}
