package dev.vpsguard.server.console.page;

import dev.vpsguard.server.TestPostgres;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.console.ConsoleFleetBenchmarkTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fleet page's statements EXPLAINed on PostgreSQL (ANALYZE, BUFFERS) and on H2 with the
 * benchmark's fleet (2,000 hosts of 50 guests unless {@code -Dbench.hosts}/{@code -Dbench.guests}
 * say otherwise). Opt-in ({@code -Dvpsguard.bench=true}); prints the plans, asserts nothing.
 */
@EnabledIfSystemProperty(
        named = "vpsguard.bench",
        matches = "true",
        disabledReason = "benchmark: run with -Dvpsguard.bench=true")
class FleetPlanTest {
    @Test
    void onPostgres() throws Exception {
        try (TestServer server = TestServer.start(TestPostgres.freshDatabase())) {
            ConsoleFleetBenchmarkTest.seed(server);
            explain(server, "EXPLAIN (ANALYZE, BUFFERS) ");
        }
    }

    @Test
    void onH2() throws Exception {
        try (TestServer server = TestServer.start()) {
            ConsoleFleetBenchmarkTest.seed(server);
            explain(server, "EXPLAIN ANALYZE ");
        }
    }

    private static void explain(TestServer server, String explain) throws Exception {
        Instant staleBefore = server.clock().instant().minusSeconds(120);
        FleetQueries.Marks marks = server.context().getBean(FleetQueries.class).marks();
        List<FleetQueries.Sql> statements = new ArrayList<>();
        statements.add(FleetQueries.summarySql(staleBefore));
        statements.add(new FleetQueries.Sql(FleetQueries.GUEST_TOTALS, List.of()));
        for (FleetFilter.Sort sort : FleetFilter.Sort.values()) {
            FleetFilter f = new FleetFilter("", FleetFilter.Show.ALL, sort, 1);
            statements.add(FleetQueries.pageSql(f, staleBefore, marks, FleetService.PAGE_SIZE, 0));
        }
        FleetFilter attention =
                new FleetFilter("pve-1", FleetFilter.Show.ATTENTION, FleetFilter.Sort.ATTENTION, 1);
        statements.add(FleetQueries.countSql(attention, staleBefore, marks));
        List<String> ids = new ArrayList<>();
        try (Connection c = server.connection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT id FROM hosts ORDER BY name LIMIT 50");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        statements.add(FleetQueries.guestsSql(ids));
        try (Connection c = server.connection()) {
            for (FleetQueries.Sql sql : statements) {
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement ps = c.prepareStatement(explain + sql.text())) {
                    for (int i = 0; i < sql.params().size(); i++) {
                        ps.setObject(i + 1, sql.params().get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            plan.append(rs.getString(1)).append('\n');
                        }
                    }
                }
                System.out.println("FLEET-PLAN " + sql.text() + "\n" + plan);
            }
        }
    }
}
