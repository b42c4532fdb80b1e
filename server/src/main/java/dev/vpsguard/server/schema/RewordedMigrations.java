package dev.vpsguard.server.schema;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Accepts applied migrations whose comments were later reworded, and nothing else.
 *
 * <p>Flyway checksums every line of a migration, comments included, so correcting a comment of an
 * applied migration would stop every existing database at startup. Before Flyway validates, this
 * callback replaces the checksum of such a migration, but only when the stored value is exactly the
 * checksum of the old text: any other difference still fails validation as it should.
 */
public final class RewordedMigrations implements Callback {
    /** Migration version, checksum of the text once applied, checksum of the text shipped now. */
    record Reworded(String version, int appliedChecksum, int currentChecksum) {}

    /** V50's first comment cited a file the repository does not hold; only that line changed. */
    static final Map<String, Reworded> REWORDED =
            Map.of("50", new Reworded("50", -1580996442, -880368994));

    private static final String HISTORY = "flyway_schema_history";

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_VALIDATE || event == Event.BEFORE_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        Connection c = context.getConnection();
        try {
            if (!historyExists(c)) {
                return; // a new database: nothing was applied with the old text
            }
            for (Reworded r : REWORDED.values()) {
                try (PreparedStatement s =
                        c.prepareStatement(
                                "UPDATE \""
                                        + HISTORY
                                        + "\" SET \"checksum\" = ? WHERE \"version\" = ? AND"
                                        + " \"checksum\" = ?")) {
                    s.setInt(1, r.currentChecksum());
                    s.setString(2, r.version());
                    s.setInt(3, r.appliedChecksum());
                    s.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new FlywayException(
                    "cannot update reworded migration checksums: " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "reworded-migrations";
    }

    private static boolean historyExists(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String name : new String[] {HISTORY, HISTORY.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
