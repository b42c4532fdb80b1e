package dev.vpsguard.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random lines or bytes give a non-negative figure or null, never an exception. */
class CgroupParserPropertiesTest {

    @Property(tries = 500)
    void randomBytesGiveNonNegativeFiguresOrNull(@ForAll byte[] bytes) {
        assertSane(new String(bytes, StandardCharsets.UTF_8).lines().toList());
    }

    @Property(tries = 500)
    void cgroupLikeLinesGiveNonNegativeFiguresOrNull(@ForAll("cgroupLines") List<String> lines) {
        assertSane(lines);
    }

    private static void assertSane(List<String> lines) {
        var cpu = CgroupParser.parseCpuStat(lines);
        for (Long v : new Long[] {cpu.usageUsec(), cpu.userUsec(), cpu.systemUsec()}) {
            assertThat(v)
                    .satisfiesAnyOf(
                            x -> assertThat(x).isNull(), x -> assertThat(x).isNotNegative());
        }
        var io = CgroupParser.parseIoStat(lines);
        assertThat(List.of(io.readBytes(), io.writeBytes(), io.readOps(), io.writeOps()))
                .allSatisfy(v -> assertThat(v).isNotNegative());
        for (Long v :
                new Long[] {
                    CgroupParser.parseCounter(lines),
                    CgroupParser.parseMemoryMax(lines),
                    CgroupParser.parseMemoryStatFile(lines)
                }) {
            assertThat(v)
                    .satisfiesAnyOf(
                            x -> assertThat(x).isNull(), x -> assertThat(x).isNotNegative());
        }
    }

    @Provide
    Arbitrary<List<String>> cgroupLines() {
        Arbitrary<String> number =
                Arbitraries.oneOf(
                        Arbitraries.longs().map(String::valueOf),
                        Arbitraries.strings().numeric().ofMaxLength(25),
                        Arbitraries.of("max", "", "-0"));
        Arbitrary<String> keyed =
                net.jqwik.api.Combinators.combine(
                                Arbitraries.of(
                                        "usage_usec", "user_usec", "system_usec", "file", "anon"),
                                Arbitraries.of(" ", "\t", "  ", ""),
                                number)
                        .as((k, s, n) -> k + s + n);
        Arbitrary<String> io =
                net.jqwik.api.Combinators.combine(
                                number,
                                number,
                                Arbitraries.of("rbytes", "wbytes", "rios", "wios", "dios"),
                                number)
                        .as((maj, min, k, n) -> maj + ":" + min + " " + k + "=" + n);
        return Arbitraries.oneOf(keyed, io, number, Arbitraries.strings().ofMaxLength(40))
                .list()
                .ofMaxSize(20);
    }
}
