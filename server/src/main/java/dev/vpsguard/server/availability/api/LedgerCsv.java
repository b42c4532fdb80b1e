package dev.vpsguard.server.availability.api;

import java.util.List;

/** The ledger as CSV (RFC 4180: comma separated, CRLF, fields quoted when they need it). */
public final class LedgerCsv {
    static final String HEADER =
            "month,kind,effective,contract,time_zone,availability_percent,period_seconds,downtime_seconds,"
                    + "year_downtime_seconds,longest_outage_seconds,long_outages,long_outages_in_year,missed,"
                    + "penalty_due,credit_percent,monthly_fee,credit,claim_deadline,claim_open,"
                    + "termination_right,reason,recorded_at";

    private LedgerCsv() {}

    public static String render(List<LedgerRecordView> rows) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (LedgerRecordView v : rows) {
            Object[] fields = {
                v.month(),
                v.kind(),
                v.effective(),
                v.contract(),
                v.timeZone(),
                v.availabilityPercent().toPlainString(),
                v.periodSeconds(),
                v.downtimeSeconds(),
                v.yearDowntimeSeconds(),
                v.longestOutageSeconds(),
                v.longOutages(),
                v.longOutagesInYear(),
                v.missed(),
                v.penaltyDue(),
                v.creditPercent(),
                v.monthlyFee().toPlainString(),
                v.credit().toPlainString(),
                v.claimDeadline() == null ? "" : v.claimDeadline(),
                v.claimOpen(),
                v.terminationRight(),
                v.reason(),
                v.recordedAt()
            };
            for (int i = 0; i < fields.length; i++) {
                out.append(i == 0 ? "" : ",").append(quote(String.valueOf(fields[i])));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    // A leading = + - @ is prefixed with ' so a spreadsheet does not run a correction reason as a
    // formula.
    static String quote(String s) {
        String safe =
                !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?\\d.*")
                        ? "'" + s
                        : s;
        if (safe.contains(",")
                || safe.contains("\"")
                || safe.contains("\n")
                || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
