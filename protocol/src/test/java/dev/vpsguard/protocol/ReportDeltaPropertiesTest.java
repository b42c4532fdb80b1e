package dev.vpsguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A delta report stands for exactly the report it was made from: expanding the delta of {@code
 * next} on {@code prev}, after a trip through the wire, gives {@code next} back, for random pairs
 * of reports whose guests come, go, change their inventory or keep it.
 */
class ReportDeltaPropertiesTest {
    private static final String INSTANCE = "3f2b8c1e-7d4a-4e0b-9c55-0a1b2c3d4e5f";
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @Property(tries = 60)
    void expandingTheDeltaGivesTheReportBack(@ForAll("pairs") Report[] pair) throws Exception {
        Report prev = pair[0];
        Report next = pair[1];
        ReportDelta delta = ReportDelta.between(prev, next);
        byte[] wire = ProtocolJson.write(delta);
        assertThat(ProtocolJson.isDelta(wire)).isTrue();
        ReportDelta read = ProtocolJson.read(wire, ReportDelta.class);
        assertThat(read).isEqualTo(delta);

        Map<Integer, GuestInventory> base = new HashMap<>();
        prev.guests().forEach(g -> base.put(g.vmid(), GuestInventory.of(g)));
        assertThat(read.expand(base::get)).contains(next);

        long changed =
                next.guests().stream()
                        .filter(g -> !GuestInventory.of(g).equals(base.get(g.vmid())))
                        .count();
        assertThat(read.guestsWithInventory()).isEqualTo(changed);
        assertThat(ProtocolJson.isDelta(ProtocolJson.write(next))).isFalse();
    }

    @Property(tries = 20)
    void aDeltaOnTheWrongBaseDoesNotExpandWhenAGuestIsMissing(@ForAll("pairs") Report[] pair) {
        ReportDelta delta = ReportDelta.between(pair[0], pair[1]);
        boolean leansOnBase = delta.guests().stream().anyMatch(g -> !g.hasInventory());
        assertThat(delta.expand(vmid -> null).isPresent()).isEqualTo(!leansOnBase);
    }

    @Provide
    Arbitrary<Report[]> pairs() {
        Arbitrary<List<GuestSample>> prevGuests = guests(null);
        return prevGuests.flatMap(
                prev -> {
                    Map<Integer, GuestSample> byVmid = new HashMap<>();
                    prev.forEach(g -> byVmid.put(g.vmid(), g));
                    return Combinators.combine(guests(byVmid), Arbitraries.longs().between(1, 1000))
                            .as(
                                    (next, seq) ->
                                            new Report[] {
                                                report(seq, T0, prev),
                                                report(seq + 1, T0.plusSeconds(5), next)
                                            });
                });
    }

    private static Report report(long seq, Instant at, List<GuestSample> guests) {
        return new Report(
                        ProtocolJson.VERSION,
                        "pve-1",
                        seq,
                        at,
                        new HostSample(
                                12.5, 16, 0.5, 0.4, 0.3, 64L << 30, 8L << 30, 0L, 0L, null, null),
                        guests,
                        null,
                        seq % 3 == 0
                                ? new EnforcementAck(
                                        2,
                                        List.of(
                                                new ActionResult(
                                                        "b-1", ActionStatus.APPLIED, null, at)))
                                : null,
                        INSTANCE)
                .withHostFacts(seq % 2 == 0 ? T0.minusSeconds(86_400) : null, null);
    }

    /**
     * Guests with vmids from a small range; with {@code prev}, each guest already there keeps its
     * inventory more often than not.
     */
    private Arbitrary<List<GuestSample>> guests(Map<Integer, GuestSample> prev) {
        return Arbitraries.integers()
                .between(100, 130)
                .set()
                .ofMaxSize(12)
                .flatMap(
                        vmids -> {
                            List<Arbitrary<GuestSample>> each = new ArrayList<>();
                            for (int vmid : vmids) {
                                GuestSample before = prev == null ? null : prev.get(vmid);
                                each.add(guest(vmid, before));
                            }
                            return Combinators.combine(each).as(List::copyOf);
                        });
    }

    private Arbitrary<GuestSample> guest(int vmid, GuestSample before) {
        Arbitrary<GuestInventory> fresh = inventory(vmid);
        Arbitrary<GuestInventory> inventory =
                before == null
                        ? fresh
                        : Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(
                                        7, Arbitraries.just(GuestInventory.of(before))),
                                net.jqwik.api.Tuple.of(3, fresh));
        Arbitrary<GuestUsage> usage =
                Arbitraries.doubles()
                        .between(0, 64)
                        .map(
                                cpu ->
                                        new GuestUsage(
                                                cpu,
                                                1_000_000L,
                                                null,
                                                10.0,
                                                20.0,
                                                1.0,
                                                2.0,
                                                1000.0,
                                                2000.0,
                                                10.0,
                                                20.0))
                        .injectNull(0.2);
        Arbitrary<SmtpWindow> smtp =
                Arbitraries.longs()
                        .between(0, 500)
                        .map(
                                n ->
                                        new SmtpWindow(
                                                T0,
                                                T0.plusSeconds(5),
                                                n,
                                                n / 2,
                                                n / 4,
                                                0,
                                                0,
                                                n / 2,
                                                null,
                                                null))
                        .injectNull(0.5);
        Arbitrary<GuestReach> reach =
                Arbitraries.of(true, false)
                        .map(a -> new GuestReach(GuestReach.GUEST_AGENT, a, T0))
                        .injectNull(0.5);
        return Combinators.combine(inventory, Arbitraries.of(GuestStatus.class), usage, smtp, reach)
                .as(
                        (inv, status, u, w, r) ->
                                new GuestSample(
                                        vmid,
                                        inv.kind(),
                                        inv.name(),
                                        status,
                                        inv.cores(),
                                        inv.memoryConfiguredBytes(),
                                        inv.nics(),
                                        u,
                                        w,
                                        null,
                                        r));
    }

    private Arbitrary<GuestInventory> inventory(int vmid) {
        Arbitrary<String> name =
                Arbitraries.strings().alpha().numeric().ofLength(6).injectNull(0.2);
        Arbitrary<Integer> cores = Arbitraries.integers().between(1, 64).injectNull(0.2);
        Arbitrary<Long> memory = Arbitraries.of(512L << 20, 2L << 30, 8L << 30).injectNull(0.2);
        Arbitrary<List<GuestNic>> nics =
                Combinators.combine(
                                Arbitraries.integers().between(0, 3),
                                Arbitraries.of("vmbr0", "vmbr1").injectNull(0.2),
                                Arbitraries.of(true, false),
                                Arbitraries.integers().between(1, 254).list().ofMaxSize(2))
                        .as(
                                (count, bridge, firewall, hosts) -> {
                                    List<GuestNic> out = new ArrayList<>();
                                    for (int i = 0; i < count; i++) {
                                        out.add(
                                                new GuestNic(
                                                        "net" + i,
                                                        "tap" + vmid + "i" + i,
                                                        String.format(
                                                                "bc:24:11:00:%02x:%02x",
                                                                vmid % 256, i),
                                                        bridge,
                                                        firewall,
                                                        hosts.stream()
                                                                .map(h -> "198.51.100." + h)
                                                                .toList()));
                                    }
                                    return out;
                                });
        return Combinators.combine(Arbitraries.of(GuestKind.class), name, cores, memory, nics)
                .as(GuestInventory::new);
    }
}
