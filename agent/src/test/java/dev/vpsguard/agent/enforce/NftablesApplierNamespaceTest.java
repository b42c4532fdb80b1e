package dev.vpsguard.agent.enforce;

import static dev.vpsguard.agent.enforce.EnforceFixtures.CONFIG;
import static dev.vpsguard.agent.enforce.EnforceFixtures.GUESTS;
import static dev.vpsguard.agent.enforce.EnforceFixtures.block;
import static dev.vpsguard.agent.enforce.EnforceFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Applies the agent's tables inside a namespace that also holds tables the agent must never touch
 * (an admin's {@code inet filter} and proxmox-firewall's two tables).
 */
class NftablesApplierNamespaceTest {
    static final List<String> FOREIGN =
            List.of("inet filter", "inet proxmox-firewall", "bridge proxmox-firewall-guests");

    static final String FOREIGN_SCRIPT =
            "table inet filter {\n"
                    + "\tchain input { type filter hook input priority 0; policy accept;\n"
                    + "\t\ttcp dport 22 counter accept\n\t}\n}\n"
                    + "table inet proxmox-firewall {\n"
                    + "\tset v4-dc { type ipv4_addr; flags interval; elements = { 10.0.0.0/8 }; }\n"
                    + "\tchain input { type filter hook input priority filter; policy accept;\n"
                    + "\t\tct state established,related accept\n"
                    + "\t\tip saddr @v4-dc tcp dport 8006 accept\n\t}\n"
                    + "\tchain forward { type filter hook forward priority filter; policy accept;\n"
                    + "\t\tmeta mark set meta mark or 0x80000000\n\t}\n}\n"
                    + "table bridge proxmox-firewall-guests {\n"
                    + "\tchain allow-dhcp-out { udp sport 68 udp dport 67 accept\n\t}\n"
                    + "\tchain vm-out { type filter hook prerouting priority 0; policy accept;\n"
                    + "\t\tiifname \"tap101i0\" jump allow-dhcp-out\n"
                    + "\t\tether type arp accept\n\t}\n}\n";

    static Map<String, String> foreignTables(Netns ns) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : FOREIGN) {
            out.put(t, ns.sh("nft list table " + t));
        }
        return out;
    }

    @Test
    void appliesRepairsAndCleansUpOnlyItsOwnTables() {
        try (Netns ns = Netns.create()) {
            ns.runner.run(List.of("nft", "-f", "-"), FOREIGN_SCRIPT);
            Map<String, String> before = foreignTables(ns);
            assertThat(before.get("inet proxmox-firewall")).contains("0x80000000");
            NftablesApplier applier = new NftablesApplier(ns.runner);
            String script =
                    NftablesRenderer.render(NftablesRendererTest.mixed(), GUESTS, CONFIG, Map.of());

            CommandRunner.CommandResult applied = applier.apply(script);
            assertThat(applied.ok()).as(applied.describe()).isTrue();
            assertThat(ns.sh("nft list table bridge vpsguard")).contains("\"tap101i0\"");
            assertThat(foreignTables(ns)).isEqualTo(before);

            assertThat(applier.apply(script).ok()).isTrue();
            assertThat(applier.repairDrift()).isEmpty();
            assertThat(foreignTables(ns)).isEqualTo(before);

            ns.sh("nft flush table bridge vpsguard");
            List<String> drift = applier.repairDrift();
            assertThat(drift).hasSize(1);
            assertThat(drift.get(0)).startsWith("bridge vpsguard: ");
            assertThat(applier.repairDrift()).isEmpty();
            assertThat(ns.sh("nft list table bridge vpsguard")).contains("smtp_notice");

            ns.sh("nft delete table ip vpsguard");
            assertThat(applier.repairDrift()).containsExactly("ip vpsguard: missing");
            assertThat(applier.drift()).isEmpty();
            assertThat(applier.driftRepairs()).isEqualTo(2);
            assertThat(foreignTables(ns)).isEqualTo(before);

            assertThat(applier.cleanup().ok()).isTrue();
            assertThat(ns.sh("nft list tables")).doesNotContain("vpsguard");
            assertThat(foreignTables(ns)).isEqualTo(before);
            assertThat(applier.cleanup().ok()).as("cleanup twice").isTrue();
        }
    }

    @Test
    void aRemovedElementIsDriftAndARejectedScriptChangesNothing() {
        try (Netns ns = Netns.create()) {
            NftablesApplier applier = new NftablesApplier(ns.runner);
            assertThat(
                            applier.apply(
                                            NftablesRenderer.render(
                                                    state(1, block("b", 101)),
                                                    GUESTS,
                                                    CONFIG,
                                                    Map.of()))
                                    .ok())
                    .isTrue();
            String listed = ns.sh("nft list ruleset");

            ns.sh("nft delete element bridge vpsguard smtp_notice '{ \"tap101i0\" }'");
            assertThat(applier.repairDrift())
                    .hasSize(1)
                    .first()
                    .asString()
                    .startsWith("bridge vpsguard: ");
            assertThat(ns.sh("nft list set bridge vpsguard smtp_notice")).contains("tap101i0");

            CommandRunner.CommandResult bad =
                    applier.apply(listed.replace("chain pre", "chain fwd"));
            assertThat(bad.ok()).isFalse();
            assertThat(ns.sh("nft list ruleset")).isEqualTo(listed);
        }
    }

    /**
     * Scale check: 10,000 blocked ports rendered and applied in one transaction (plus the baseline
     * listing). Prints the time; the bound is only a guard against pathological slowness.
     */
    @Test
    void tenThousandBlockedPortsApplyInOneTransaction() {
        List<dev.vpsguard.agent.inventory.Guest> guests = new java.util.ArrayList<>();
        List<dev.vpsguard.protocol.DesiredAction> actions = new java.util.ArrayList<>();
        blockedGuests(10_000, guests, actions);
        try (Netns ns = Netns.create()) {
            NftablesApplier applier = new NftablesApplier(ns.runner);
            long start = System.nanoTime();
            String script = renderBlocks(actions, guests);
            long rendered = System.nanoTime();
            CommandRunner.CommandResult r = applier.apply(script);
            long applied = System.nanoTime();
            List<String> drift = applier.drift();
            long checked = System.nanoTime();
            assertThat(r.ok()).as(r.describe()).isTrue();
            assertThat(drift).isEmpty();
            assertThat(ns.sh("nft list set bridge vpsguard smtp_notice"))
                    .contains("\"tap10099i0\"");
            System.out.printf(
                    "10000 blocked ports: render %d ms, nft -f + baseline listing %d ms, drift check %d"
                            + " ms%n",
                    (rendered - start) / 1_000_000,
                    (applied - rendered) / 1_000_000,
                    (checked - applied) / 1_000_000);
            assertThat(applied - start).isLessThan(60_000_000_000L);
        }
    }

    /**
     * The drift check's cost with 200 blocked guests (issue 5's figure, target 5 ms per cycle): 50
     * checks after one apply, p50 and p95 printed. Opt-in: {@code -Dvpsguard.bench=true}.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(
            named = "vpsguard.bench",
            matches = "true",
            disabledReason = "benchmark skipped: run with -Dvpsguard.bench=true")
    void driftCheckCostWithTwoHundredBlockedGuests() {
        List<dev.vpsguard.agent.inventory.Guest> guests = new java.util.ArrayList<>();
        List<dev.vpsguard.protocol.DesiredAction> actions = new java.util.ArrayList<>();
        blockedGuests(200, guests, actions);
        try (Netns ns = Netns.create()) {
            NftablesApplier applier = new NftablesApplier(ns.runner);
            String script = renderBlocks(actions, guests);
            assertThat(applier.apply(script).ok()).isTrue();
            List<Long> micros = new java.util.ArrayList<>();
            for (int i = 0; i < 60; i++) {
                long t = System.nanoTime();
                assertThat(applier.drift()).isEmpty();
                if (i >= 10) { // the first ten warm the JVM up
                    micros.add((System.nanoTime() - t) / 1_000);
                }
            }
            java.util.Collections.sort(micros);
            System.out.printf(
                    "DRIFT-BENCHMARK 200 blocked guests, %d checks: p50 %.1f ms, p95 %.1f ms,"
                            + " max %.1f ms%n",
                    micros.size(),
                    micros.get(micros.size() / 2) / 1000.0,
                    micros.get((int) Math.ceil(micros.size() * 0.95) - 1) / 1000.0,
                    micros.get(micros.size() - 1) / 1000.0);
        }
    }

    private static void blockedGuests(
            int n,
            List<dev.vpsguard.agent.inventory.Guest> guests,
            List<dev.vpsguard.protocol.DesiredAction> actions) {
        for (int vmid = 100; vmid < 100 + n; vmid++) {
            guests.add(
                    new dev.vpsguard.agent.inventory.Guest(
                            vmid,
                            dev.vpsguard.protocol.GuestKind.QEMU,
                            null,
                            true,
                            1,
                            null,
                            List.of(
                                    new dev.vpsguard.protocol.GuestNic(
                                            "net0",
                                            "tap" + vmid + "i0",
                                            null,
                                            "vmbr0",
                                            false,
                                            List.of()))));
            actions.add(block("b" + vmid, vmid));
        }
    }

    private static String renderBlocks(
            List<dev.vpsguard.protocol.DesiredAction> actions,
            List<dev.vpsguard.agent.inventory.Guest> guests) {
        return NftablesRenderer.render(
                new dev.vpsguard.protocol.DesiredState(1, EnforceFixtures.T0, actions),
                guests,
                CONFIG,
                Map.of());
    }
}
