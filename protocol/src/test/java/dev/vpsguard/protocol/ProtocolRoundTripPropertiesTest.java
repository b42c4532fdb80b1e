package dev.vpsguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any valid value, however extreme, reads back equal to what was written. */
class ProtocolRoundTripPropertiesTest {

    @Property(tries = 500)
    void anyGuestUsageSurvivesARoundTrip(@ForAll("usages") GuestUsage usage) throws Exception {
        assertThat(ProtocolJson.read(ProtocolJson.write(usage), GuestUsage.class)).isEqualTo(usage);
    }

    @Property(tries = 500)
    void anySmtpWindowSurvivesARoundTrip(@ForAll("windows") SmtpWindow window) throws Exception {
        assertThat(ProtocolJson.read(ProtocolJson.write(window), SmtpWindow.class))
                .isEqualTo(window);
    }

    @Property(tries = 300)
    void anyNicAddressSurvivesARoundTrip(@ForAll("addresses") List<String> ips) throws Exception {
        GuestNic nic = new GuestNic("net0", "tap101i0", "bc:24:11:aa:bb:cc", null, true, ips);
        assertThat(ProtocolJson.read(ProtocolJson.write(nic), GuestNic.class)).isEqualTo(nic);
    }

    @Provide
    Arbitrary<GuestUsage> usages() {
        Arbitrary<Double> rate =
                Arbitraries.oneOf(
                                Arbitraries.doubles().between(0, Double.MAX_VALUE),
                                Arbitraries.of(0.0, Double.MIN_VALUE, Double.MAX_VALUE))
                        .injectNull(0.2);
        Arbitrary<Long> bytes = Arbitraries.longs().between(0, Long.MAX_VALUE).injectNull(0.2);
        return Combinators.combine(rate.list().ofSize(8), bytes.list().ofSize(2), rate)
                .as(
                        (r, b, cpu) ->
                                new GuestUsage(
                                        cpu, b.get(0), b.get(1), r.get(0), r.get(1), r.get(2),
                                        r.get(3), r.get(4), r.get(5), r.get(6), r.get(7)));
    }

    @Provide
    Arbitrary<SmtpWindow> windows() {
        Arbitrary<Long> count = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Instant> start =
                Arbitraries.longs()
                        .between(0, 253_402_300_799L)
                        .flatMap(
                                s ->
                                        Arbitraries.integers()
                                                .between(0, 999_999_999)
                                                .map(n -> Instant.ofEpochSecond(s, n)));
        return Combinators.combine(
                        start,
                        Arbitraries.longs().between(0, 86_400_000),
                        count.list().ofSize(5),
                        count,
                        count.injectNull(0.3),
                        Combinators.combine(
                                        Arbitraries.longs().between(0, 86_400_000), count, count)
                                .as((back, d, p) -> new long[] {back, d, Math.min(p, d)})
                                .injectNull(0.3))
                .as(
                        (from, lengthMs, c, prefixesSeed, bytesSent, recent) -> {
                            Instant end = from.plusMillis(lengthMs);
                            return new SmtpWindow(
                                    from,
                                    end,
                                    c.get(1),
                                    c.get(0),
                                    Math.min(prefixesSeed, c.get(0)),
                                    c.get(2),
                                    c.get(3),
                                    c.get(4),
                                    bytesSent,
                                    recent == null
                                            ? null
                                            : new RecentDistinct(
                                                    end.minusMillis(recent[0]),
                                                    recent[1],
                                                    recent[2]));
                        });
    }

    @Provide
    Arbitrary<List<String>> addresses() {
        Arbitrary<String> v4 =
                Arbitraries.integers()
                        .between(0, 255)
                        .list()
                        .ofSize(4)
                        .map(p -> p.get(0) + "." + p.get(1) + "." + p.get(2) + "." + p.get(3));
        Arbitrary<String> v6 =
                Arbitraries.integers()
                        .between(0, 0xffff)
                        .list()
                        .ofSize(8)
                        .map(g -> String.join(":", g.stream().map(Integer::toHexString).toList()));
        return Arbitraries.oneOf(v4, v6).list().ofMaxSize(64);
    }
}
