package dev.vpsguard.agent.smtp.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.vpsguard.agent.smtp.ConntrackEventParser;
import dev.vpsguard.agent.smtp.ConntrackParseException;
import dev.vpsguard.agent.smtp.SmtpWindowAggregator;
import dev.vpsguard.agent.smtp.SourceAttribution;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * Throughput of the SMTP observation core on the conntrack lines captured in {@code
 * src/test/resources/conntrack/} (IPv4 and IPv6, accounting on and off), in events per second on
 * one thread. The target is 500,000 events/s on one core. Run it by hand, never from {@code mvn
 * test}:
 *
 * <pre>
 * mvn -B -o -q -pl agent -am test-compile
 * mvn -B -o -q -pl agent dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp agent/target/test-classes:agent/target/classes:$(cat /tmp/cp.txt) \
 *     org.openjdk.jmh.Main SmtpPipelineBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SmtpPipelineBenchmark {
    private static final List<String> FILES =
            List.of(
                    "ipv4-acct-off.txt",
                    "ipv4-acct-on.txt",
                    "ipv4-extended-acct-on.txt",
                    "ipv4-acct-on-expiry.txt",
                    "ipv6-acct-off.txt",
                    "ipv6-acct-on.txt",
                    "ipv6-extended-acct-on.txt",
                    "ipv6-acct-on-expiry.txt");

    /** Every captured file has fewer lines; the invocation loops over the lines to reach this. */
    static final int EVENTS = 1024;

    private String[] lines;
    private SmtpWindowAggregator aggregator;
    private long closed;

    @Setup
    public void setUp() {
        List<String> captured = new ArrayList<>();
        for (String file : FILES) {
            captured.addAll(read("/conntrack/" + file).lines().filter(l -> !l.isBlank()).toList());
        }
        lines = new String[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            lines[i] = captured.get(i % captured.size());
        }
        SourceAttribution guest101 =
                source ->
                        source.getAddress()[source.getAddress().length - 1]
                                        == (source.getAddress().length == 4 ? 101 : 1)
                                ? 101
                                : -1;
        aggregator =
                new SmtpWindowAggregator(
                        guest101,
                        SmtpWindowAggregator.Limits.DEFAULTS,
                        Ticker.systemTicker(),
                        Instant.EPOCH);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void parse(Blackhole sink) throws ConntrackParseException {
        for (String line : lines) {
            sink.consume(ConntrackEventParser.parse(line));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void parseAndAggregate(Blackhole sink) throws ConntrackParseException {
        for (String line : lines) {
            aggregator.accept(ConntrackEventParser.parse(line));
        }
        // A window closes every 1024 events: far more often than the agent's 5 s cycle would.
        sink.consume(aggregator.closeWindow(Instant.ofEpochSecond(++closed)));
    }

    private static String read(String path) {
        try (InputStream in = SmtpPipelineBenchmark.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
