package dev.vpsguard.server.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the checked sections of one policy file into records, filling in {@link PolicyDefaults}.
 */
final class PolicyReader {
    private static final Map<String, UnblockMode> UNBLOCK = byKey(UnblockMode.values());
    private static final Map<String, ActionMode> ACTION = byKey(ActionMode.values());

    private PolicyReader() {}

    /** Reads the whole file; every section is finished, so unknown keys fail. */
    static ContractPolicy read(YamlSection root) {
        String contract = root.text("contract", null);
        if (contract == null || !contract.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw root.fail("contract", contract, "required: lower-case letters, digits, '-'");
        }
        String title = root.text("title", contract);
        String source = root.text("source", "");
        SpamPolicy spam = spam(root.section("spam"));
        DeclaredSenders senders = senders(root.section("declared_senders"));
        LadderPolicy ladder = ladder(root.section("ladder"));
        ResourcePolicy resources = resources(root.section("resources"));
        NetworkPolicy network = NetworkPolicyReader.read(root.section("network"), resources);
        root.finish();
        return new ContractPolicy(
                contract, title, source, spam, senders, ladder, resources, network);
    }

    private static SpamPolicy spam(YamlSection s) {
        SpamPolicy d = PolicyDefaults.SPAM;
        YamlSection b = s.section("burst");
        var burst =
                new SpamPolicy.Burst(
                        b.number(
                                "new_connections_per_minute",
                                d.burst().newConnectionsPerMinute(),
                                1,
                                1e9),
                        b.clause(d.burst().clause()));
        b.finish();
        YamlSection f = s.section("fan_out");
        var fanOut =
                new SpamPolicy.FanOut(
                        f.number(
                                "distinct_destinations", d.fanOut().distinctDestinations(), 1, 1e9),
                        f.number("distinct_prefixes", d.fanOut().distinctPrefixes(), 1, 1e9),
                        f.number("min_failure_ratio", d.fanOut().minFailureRatio(), 0, 1),
                        f.clause(d.fanOut().clause()));
        f.finish();
        YamlSection r = s.section("failure_ratio");
        var failure =
                new SpamPolicy.FailureRatio(
                        r.number("max_ratio", d.failureRatio().maxRatio(), 0.01, 1),
                        r.integer(
                                "min_connections",
                                d.failureRatio().minConnections(),
                                1,
                                1_000_000_000),
                        r.clause(d.failureRatio().clause()));
        r.finish();
        YamlSection a = s.section("anomaly");
        if (a.present() && a.has("min_samples")) {
            throw a.fail(
                    "min_samples",
                    a.raw("min_samples"),
                    "replaced by min_history, a duration of the guest's history (e.g. 24h):"
                            + " a count of windows was a baseline of one minute");
        }
        Duration timeConstant =
                a.duration("time_constant", d.anomaly().timeConstant(), Duration.ofMinutes(1));
        Duration minHistory =
                a.duration("min_history", d.anomaly().minHistory(), Duration.ofMinutes(1));
        if (minHistory.compareTo(
                        timeConstant.multipliedBy(SpamPolicy.Anomaly.REBUILT_TIME_CONSTANTS))
                > 0) {
            // The baseline is rebuilt after a restart from this many time constants of rollups:
            // a longer minimum history would never be reached again after a restart.
            throw a.fail(
                    "min_history",
                    a.raw("min_history"),
                    "must be at most "
                            + SpamPolicy.Anomaly.REBUILT_TIME_CONSTANTS
                            + " time constants ("
                            + SpamPolicy.Anomaly.REBUILT_TIME_CONSTANTS
                            + " x time_constant), the history a restart rebuilds");
        }
        var anomaly =
                new SpamPolicy.Anomaly(
                        a.number("multiple", d.anomaly().multiple(), 1.5, 1e6),
                        a.number("floor_per_minute", d.anomaly().floorPerMinute(), 1, 1e9),
                        minHistory,
                        timeConstant,
                        a.clause(d.anomaly().clause()));
        a.finish();
        YamlSection c = s.section("ceiling");
        var ceiling =
                new SpamPolicy.Ceiling(
                        c.number(
                                "new_connections_per_minute",
                                d.ceiling().newConnectionsPerMinute(),
                                1,
                                1e9),
                        c.clause(d.ceiling().clause()));
        if (ceiling.newConnectionsPerMinute() <= burst.newConnectionsPerMinute()) {
            throw c.fail(
                    "new_connections_per_minute",
                    ceiling.newConnectionsPerMinute(),
                    "must be above burst.new_connections_per_minute ("
                            + burst.newConnectionsPerMinute()
                            + "): the ceiling blocks, the burst only raises a finding");
        }
        c.finish();
        var spam =
                new SpamPolicy(
                        burst,
                        fanOut,
                        failure,
                        anomaly,
                        ceiling,
                        s.integer("min_new_connections", d.minNewConnections(), 1, 1_000_000_000),
                        (int) s.integer("consecutive_windows", d.consecutiveWindows(), 1, 1000),
                        s.duration(
                                "volume_notice_every",
                                d.volumeNoticeEvery(),
                                Duration.ofMinutes(1)),
                        s.clause(d.clause()));
        s.finish();
        return spam;
    }

    private static DeclaredSenders senders(YamlSection s) {
        DeclaredSenders d = PolicyDefaults.DECLARED_SENDERS;
        double multiplier = s.number("threshold_multiplier", d.thresholdMultiplier(), 1, 1000);
        Set<Integer> vmids = new HashSet<>();
        List<JsonNode> vm = s.list("vmids");
        for (int i = 0; i < vm.size(); i++) {
            var v = vm.get(i);
            if (!v.isIntegralNumber() || v.asLong() < 100 || v.asLong() > 999_999_999) {
                throw s.fail(
                        "vmids[" + i + "]", v.asText(), "must be a Proxmox vmid (100–999999999)");
            }
            vmids.add(v.asInt());
        }
        Set<String> tenants = new HashSet<>();
        List<JsonNode> tn = s.list("tenants");
        for (int i = 0; i < tn.size(); i++) {
            var v = tn.get(i);
            if (!v.isTextual() || v.asText().isBlank()) {
                throw s.fail("tenants[" + i + "]", v.asText(), "must be a tenant id");
            }
            tenants.add(v.asText().strip());
        }
        var senders = new DeclaredSenders(multiplier, vmids, tenants, s.clause(d.clause()));
        s.finish();
        return senders;
    }

    private static LadderPolicy ladder(YamlSection s) {
        LadderPolicy d = PolicyDefaults.LADDER;
        List<Rung> rungs = new ArrayList<>();
        List<YamlSection> written = s.sections("rungs");
        if (written == null) {
            rungs.addAll(d.rungs());
        } else if (written.isEmpty()) {
            throw s.fail("rungs", "[]", "a ladder needs at least one rung");
        } else {
            for (int i = 0; i < written.size(); i++) {
                YamlSection r = written.get(i);
                if (!r.present()) {
                    throw s.fail("rungs[" + i + "]", null, "must be a mapping");
                }
                Duration min = r.duration("min_duration", null, Duration.ZERO);
                if (min == null) {
                    throw r.fail("min_duration", null, "required");
                }
                if (i > 0 && min.compareTo(rungs.get(i - 1).minDuration()) <= 0) {
                    throw r.fail(
                            "min_duration",
                            r.text("min_duration", null),
                            "must be longer than the rung before (S8: each new block lasts longer)");
                }
                UnblockMode mode = r.choice("unblock", null, UNBLOCK);
                if (mode == null) {
                    throw r.fail("unblock", null, "required: one of " + UNBLOCK.keySet());
                }
                rungs.add(new Rung(min, mode, r.clause(null)));
                r.finish();
            }
        }
        Duration memory = s.duration("strike_memory", d.strikeMemory(), Duration.ofHours(1));
        int refusal = (int) s.integer("refusal_rung", d.refusalRung(), 1, rungs.size());
        for (int i = 0; i < rungs.size(); i++) {
            boolean refused = rungs.get(i).unblock() == UnblockMode.REFUSED;
            if (refused != (i + 1 >= refusal)) {
                throw s.fail(
                        "rungs[" + i + "].unblock",
                        rungs.get(i).unblock().key(),
                        "refusal_rung is "
                                + refusal
                                + ", so rungs from "
                                + refusal
                                + " on must be 'refused' and rungs before it must not");
            }
        }
        var ladder = new LadderPolicy(rungs, memory, refusal, s.clause(d.clause()));
        s.finish();
        return ladder;
    }

    private static ResourcePolicy resources(YamlSection s) {
        ResourcePolicy d = PolicyDefaults.RESOURCES;
        YamlSection c = s.section("contention");
        var contention =
                new ResourcePolicy.Contention(
                        c.number("host_cpu_percent", d.contention().hostCpuPercent(), 1, 100),
                        c.clause(d.contention().clause()));
        c.finish();
        YamlSection cp = s.section("cpu");
        var cpu =
                new ResourcePolicy.Cpu(
                        cp.number("max_share", d.cpu().maxShare(), 0.05, 1),
                        cp.duration("sustained", d.cpu().sustained(), Duration.ofMinutes(1)),
                        cp.clause(d.cpu().clause()));
        cp.finish();
        YamlSection dk = s.section("disk");
        var disk =
                new ResourcePolicy.Disk(
                        dk.number("max_bytes_per_sec", d.disk().maxBytesPerSec(), 1, 1e15),
                        dk.number("max_iops", d.disk().maxIops(), 1, 1e12),
                        dk.duration("sustained", d.disk().sustained(), Duration.ofMinutes(1)),
                        dk.clause(d.disk().clause()));
        dk.finish();
        YamlSection e = s.section("egress");
        double max = e.number("max_mbit_per_sec", d.egress().maxMbitPerSec(), 1, 1e7);
        double floor =
                e.number(
                        "throttle_floor_mbit_per_sec",
                        Math.min(max, d.egress().throttleFloorMbitPerSec()),
                        1,
                        1e7);
        if (floor > max) {
            throw e.fail(
                    "throttle_floor_mbit_per_sec",
                    floor,
                    "must not exceed max_mbit_per_sec (" + max + ")");
        }
        var egress =
                new ResourcePolicy.Egress(
                        max,
                        floor,
                        e.duration("sustained", d.egress().sustained(), Duration.ofMinutes(1)),
                        e.clause(d.egress().clause()));
        e.finish();
        YamlSection p = s.section("packets");
        var packets =
                new ResourcePolicy.Packets(
                        p.number("max_per_sec", d.packets().maxPerSec(), 1, 1e12),
                        p.duration("sustained", d.packets().sustained(), Duration.ofMinutes(1)),
                        p.clause(d.packets().clause()));
        p.finish();
        YamlSection es = s.section("escalation");
        var escalation =
                new ResourcePolicy.Escalation(
                        es.duration("after", d.escalation().after(), Duration.ofMinutes(1)),
                        es.duration(
                                "clear_after", d.escalation().clearAfter(), Duration.ofMinutes(1)),
                        es.clause(d.escalation().clause()));
        es.finish();
        YamlSection ac = s.section("actions");
        var actions =
                new ResourcePolicy.Actions(
                        ac.choice("warn", d.actions().warn(), ACTION),
                        ac.choice("throttle", d.actions().throttle(), ACTION),
                        ac.choice("isolate", d.actions().isolate(), ACTION),
                        ac.choice("suspend", d.actions().suspend(), ACTION),
                        ac.clause(d.actions().clause()));
        if (actions.warn() == ActionMode.APPROVE) {
            // A warning is a message, not an enforcement: there is nothing to approve.
            throw ac.fail(
                    "warn", "approve", "must be auto or dry-run (a warning enforces nothing)");
        }
        ac.finish();
        s.finish();
        return new ResourcePolicy(contention, cpu, disk, egress, packets, escalation, actions);
    }

    private static <E extends Enum<E>> Map<String, E> byKey(E[] values) {
        Map<String, E> m = new LinkedHashMap<>();
        for (E v : values) {
            m.put(v instanceof UnblockMode u ? u.key() : ((ActionMode) v).key(), v);
        }
        return Map.copyOf(m);
    }
}
