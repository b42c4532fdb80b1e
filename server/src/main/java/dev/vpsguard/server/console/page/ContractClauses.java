package dev.vpsguard.server.console.page;

import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.DeclaredSenders;
import dev.vpsguard.server.policy.LadderPolicy;
import dev.vpsguard.server.policy.ResourcePolicy;
import dev.vpsguard.server.policy.Rung;
import dev.vpsguard.server.policy.SpamPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A contract policy as the console shows it, rule by rule: what the rule is (a text key), its
 * setting in numbers and units, and the clause of the contract it implements in the contract's own
 * words, exactly as the policy file carries it. Pure.
 */
public final class ContractClauses {
    /**
     * One rule.
     *
     * @param rule the message key of the rule's name
     * @param number the rung's number, for rung rules (0 otherwise)
     * @param figures its setting in numbers and units
     * @param clause the contract's clause
     */
    public record Line(String rule, int number, String figures, String clause) {}

    private ContractClauses() {}

    static List<Line> of(ContractPolicy p) {
        List<Line> out = new ArrayList<>();
        SpamPolicy s = p.spam();
        out.add(
                line(
                        "spam",
                        "≥ " + s.minNewConnections() + " / 10 min, × " + s.consecutiveWindows(),
                        s.clause()));
        out.add(
                line(
                        "burst",
                        "> " + n(s.burst().newConnectionsPerMinute()) + " /min",
                        s.burst().clause()));
        out.add(
                line(
                        "fanOut",
                        "> "
                                + n(s.fanOut().distinctDestinations())
                                + " IP, > "
                                + n(s.fanOut().distinctPrefixes())
                                + " /24, ≥ "
                                + percent(s.fanOut().minFailureRatio()),
                        s.fanOut().clause()));
        out.add(
                line(
                        "failureRatio",
                        "> "
                                + percent(s.failureRatio().maxRatio())
                                + ", ≥ "
                                + s.failureRatio().minConnections(),
                        s.failureRatio().clause()));
        out.add(
                line(
                        "anomaly",
                        "> × "
                                + n(s.anomaly().multiple())
                                + ", > "
                                + n(s.anomaly().floorPerMinute())
                                + " /min",
                        s.anomaly().clause()));
        out.add(
                line(
                        "ceiling",
                        "> " + n(s.ceiling().newConnectionsPerMinute()) + " /min",
                        s.ceiling().clause()));
        DeclaredSenders d = p.declaredSenders();
        out.add(line("declaredSenders", "× " + n(d.thresholdMultiplier()), d.clause()));
        LadderPolicy l = p.ladder();
        out.add(line("ladder", duration(l.strikeMemory()) + ", ≥ " + l.refusalRung(), l.clause()));
        for (int i = 0; i < l.rungs().size(); i++) {
            Rung r = l.rungs().get(i);
            out.add(
                    new Line(
                            "contract.rule.rung",
                            i + 1,
                            "≥ " + duration(r.minDuration()) + ", " + l.unblockMode(i + 1).key(),
                            r.clause()));
        }
        ResourcePolicy r = p.resources();
        out.add(
                line(
                        "contention",
                        "> " + n(r.contention().hostCpuPercent()) + " %",
                        r.contention().clause()));
        out.add(
                line(
                        "cpu",
                        "> " + percent(r.cpu().maxShare()) + ", " + duration(r.cpu().sustained()),
                        r.cpu().clause()));
        out.add(
                line(
                        "disk",
                        "> "
                                + n(r.disk().maxBytesPerSec() / (1024 * 1024))
                                + " MiB/s, > "
                                + n(r.disk().maxIops())
                                + " IOPS, "
                                + duration(r.disk().sustained()),
                        r.disk().clause()));
        out.add(
                line(
                        "egress",
                        "> "
                                + n(r.egress().maxMbitPerSec())
                                + " Mbit/s, "
                                + duration(r.egress().sustained())
                                + ", ≥ "
                                + n(r.egress().throttleFloorMbitPerSec())
                                + " Mbit/s",
                        r.egress().clause()));
        out.add(
                line(
                        "packets",
                        "> "
                                + n(r.packets().maxPerSec())
                                + " /s, "
                                + duration(r.packets().sustained()),
                        r.packets().clause()));
        out.add(
                line(
                        "escalation",
                        duration(r.escalation().after())
                                + ", "
                                + duration(r.escalation().clearAfter()),
                        r.escalation().clause()));
        ResourcePolicy.Actions a = r.actions();
        out.add(
                line(
                        "actions",
                        "warn "
                                + a.warn().key()
                                + ", throttle "
                                + a.throttle().key()
                                + ", isolate "
                                + a.isolate().key()
                                + ", suspend "
                                + a.suspend().key(),
                        a.clause()));
        return out;
    }

    /** The vmids and tenants a contract declares as mail senders, for the page. */
    static String declared(DeclaredSenders d) {
        String vmids =
                d.vmids().stream().sorted().map(String::valueOf).collect(Collectors.joining(", "));
        String tenants = d.tenants().stream().sorted().collect(Collectors.joining(", "));
        return (vmids.isEmpty() ? "—" : vmids) + " / " + (tenants.isEmpty() ? "—" : tenants);
    }

    private static Line line(String rule, String setting, String clause) {
        return new Line("contract.rule." + rule, 0, setting, clause);
    }

    /** A figure without a needless ".0". */
    static String n(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String percent(double share) {
        return n(Math.round(share * 10000) / 100.0) + " %";
    }

    /** "7 d", "24 h", "15 min", "30 s": the largest unit that divides it. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s != 0 && s % 86400 == 0 && s >= 2 * 86400) {
            return s / 86400 + " d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + " h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}
