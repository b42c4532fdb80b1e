package dev.vpsguard.agent.smtp.bench;

import dev.vpsguard.agent.smtp.ConntrackEvent;
import dev.vpsguard.agent.smtp.ConntrackEventParser;
import dev.vpsguard.agent.smtp.ConntrackFixture;
import dev.vpsguard.agent.smtp.SmtpWindowAggregator;
import dev.vpsguard.agent.smtp.SmtpWindows;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the SMTP pipeline, in events per second: parsing {@code conntrack -E} lines, and
 * parsing plus folding them into per-guest windows. Input: the lines of {@code
 * conntrack/events.txt} (real and composed), cycled to {@value #BATCH} lines; every invocation
 * handles one batch, so the reported ops/s are events/s.
 *
 * <p>Run from the repository root (JMH is outside {@code mvn verify}):
 *
 * <pre>
 * mvn -B -o -q -pl agent -am test-compile
 * mvn -B -o -q -pl agent dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp agent/target/test-classes:agent/target/classes:protocol/target/classes:$(cat agent/cp.txt) \
 *     org.openjdk.jmh.Main SmtpPipelineBenchmark -f 1 -wi 2 -i 3
 * </pre>
 *
 * ({@code -pl agent} writes {@code cp.txt} into {@code agent/}; the dependency plugin may need one
 * online run. {@code protocol/target/classes} comes first because cp.txt names the protocol
 * snapshot jar in ~/.m2, which can be older than the reactor's.) Measured on the shared 2-core CI
 * machine (JDK 17, -f 1 -wi 2 -i 3): parse about 240,000 events/s, parse plus aggregate about
 * 250,000 events/s; the machine was shared, so the error bars are wide.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SmtpPipelineBenchmark {
    static final int BATCH = 1024;
    private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");

    private String[] lines;
    private SmtpWindowAggregator aggregator;

    @Setup
    public void setUp() {
        List<String> fixture = ConntrackFixture.eventLines();
        lines = new String[BATCH];
        for (int k = 0; k < BATCH; k++) {
            lines[k] = fixture.get(k % fixture.size());
        }
        aggregator =
                SmtpWindowAggregator.withDefaults(
                        a ->
                                a.getAddress()[a.getAddress().length - 1] == 101
                                        ? OptionalInt.of(101)
                                        : OptionalInt.empty());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void parse(Blackhole bh) {
        for (String line : lines) {
            bh.consume(ConntrackEventParser.parse(line));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public SmtpWindows parseAndAggregate() {
        for (String line : lines) {
            ConntrackEvent event = ConntrackEventParser.parse(line);
            aggregator.accept(event);
        }
        return aggregator.closeWindow(START, START.plusSeconds(60));
    }
}
