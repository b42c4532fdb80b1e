package dev.vpsguard.agent.enforce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the rendered script with {@code nft -f -} (one transaction), remembers what the kernel
 * then holds, and repairs drift. It only ever names the four {@code vpsguard} tables: it never
 * flushes the ruleset and never touches another table.
 */
public final class NftablesApplier {
    private static final Logger LOG = LoggerFactory.getLogger(NftablesApplier.class);

    private final CommandRunner runner;
    private final AtomicLong driftRepairs = new AtomicLong();
    private String lastScript;
    private Map<String, List<String>> baseline;

    public NftablesApplier(CommandRunner runner) {
        this.runner = runner;
    }

    /**
     * Applies {@code script} atomically and records the resulting tables as the baseline for drift
     * checks.
     *
     * @return the nft result; on failure the kernel's tables are unchanged (nft transactions are
     *     all or nothing)
     */
    public synchronized CommandRunner.CommandResult apply(String script) {
        CommandRunner.CommandResult result = runner.run(List.of("nft", "-f", "-"), script);
        if (result.ok()) {
            lastScript = script;
            baseline = snapshot();
        }
        return result;
    }

    /** The script last applied successfully, or null. */
    public synchronized String lastApplied() {
        return lastScript;
    }

    /**
     * Compares the kernel's tables with the baseline and re-applies the last script when they
     * differ. Call once per cycle.
     *
     * @return what drifted (empty when nothing did, or nothing was applied yet)
     */
    public synchronized List<String> repairDrift() {
        if (lastScript == null) {
            return List.of();
        }
        List<String> drift = drift();
        if (drift.isEmpty()) {
            return drift;
        }
        driftRepairs.incrementAndGet();
        LOG.warn("nftables drift in the vpsguard tables, re-applying: {}", drift);
        CommandRunner.CommandResult r = runner.run(List.of("nft", "-f", "-"), lastScript);
        if (r.ok()) {
            baseline = snapshot();
        } else {
            LOG.error("re-applying the vpsguard tables failed: {}", r.describe());
        }
        return drift;
    }

    /** The tables that differ from the baseline, with a short reason each. */
    public synchronized List<String> drift() {
        if (baseline == null) {
            return List.of();
        }
        Map<String, List<String>> now = snapshot();
        List<String> out = new ArrayList<>();
        for (String table : NftablesRenderer.TABLES) {
            List<String> want = baseline.get(table);
            List<String> have = now.get(table);
            if (have == null) {
                out.add(table + ": missing");
            } else if (!have.equals(want)) {
                out.add(table + ": " + firstDifference(want, have));
            }
        }
        return out;
    }

    /** How many times drift was repaired since start. */
    public long driftRepairs() {
        return driftRepairs.get();
    }

    /**
     * Deletes exactly the agent's four tables, whether or not they exist, in one transaction.
     *
     * @return the nft result
     */
    public synchronized CommandRunner.CommandResult cleanup() {
        StringBuilder script = new StringBuilder();
        for (String table : NftablesRenderer.TABLES) {
            script.append("table ").append(table).append(" {}\n");
            script.append("delete table ").append(table).append('\n');
        }
        CommandRunner.CommandResult r = runner.run(List.of("nft", "-f", "-"), script.toString());
        if (r.ok()) {
            lastScript = null;
            baseline = null;
        }
        return r;
    }

    /**
     * Normalized listing per table, from one {@code nft -j list ruleset}; a table the ruleset does
     * not have, or every table when the ruleset cannot be listed or read, maps to null (absent).
     */
    private Map<String, List<String>> snapshot() {
        CommandRunner.CommandResult r = runner.run(List.of("nft", "-j", "list", "ruleset"));
        if (r.ok()) {
            try {
                return NftJsonNormalizer.normalizeRuleset(r.stdout(), NftablesRenderer.TABLES);
            } catch (IllegalArgumentException e) {
                LOG.warn("cannot read the nft ruleset listing: {}", e.getMessage());
            }
        } else {
            LOG.warn("cannot list the nft ruleset: {}", r.describe());
        }
        Map<String, List<String>> absent = new LinkedHashMap<>();
        NftablesRenderer.TABLES.forEach(t -> absent.put(t, null));
        return absent;
    }

    private static String firstDifference(List<String> want, List<String> have) {
        if (want == null) {
            return "was missing when applied";
        }
        for (int i = 0; i < Math.min(want.size(), have.size()); i++) {
            if (!want.get(i).equals(have.get(i))) {
                return "expected " + abbreviate(want.get(i)) + " found " + abbreviate(have.get(i));
            }
        }
        return want.size() > have.size()
                ? "missing " + abbreviate(want.get(have.size()))
                : "extra " + abbreviate(have.get(want.size()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 157) + "...";
    }
}
