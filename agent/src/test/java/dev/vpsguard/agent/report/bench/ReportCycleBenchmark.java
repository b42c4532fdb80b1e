package dev.vpsguard.agent.report.bench;

import dev.vpsguard.agent.inventory.FixtureHostGenerator;
import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.agent.inventory.ProxmoxInventory;
import dev.vpsguard.agent.metrics.AgentMetrics;
import dev.vpsguard.agent.metrics.SampleCollector;
import dev.vpsguard.agent.report.ReportEncoder;
import dev.vpsguard.agent.sampling.CgroupGuestSampler;
import dev.vpsguard.agent.sampling.ProcHostSampler;
import dev.vpsguard.agent.spool.Spool;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The phases of one report cycle on a generated Proxmox fixture, each timed alone, so the cost per
 * cycle can be split: inventory, host (/proc), guests (cgroup and NIC files), JSON + gzip, spool
 * (write, fsync, rename, delete), and one Prometheus scrape of the agent's metrics. Run by hand:
 *
 * <pre>
 * mvn -B -o -q -pl agent -am test-compile
 * mvn -B -o -q -pl agent dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
 *     -cp agent/target/test-classes:agent/target/classes:$(cat /tmp/cp.txt) \
 *     org.openjdk.jmh.Main ReportCycleBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s \
 *     -jvmArgs '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC'
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReportCycleBenchmark {
    @Param({"200"})
    public int guests;

    private ProxmoxInventory inventory;
    private ProcHostSampler host;
    private CgroupGuestSampler guestSampler;
    private List<Guest> inventoryNow;
    private Report report;
    private byte[] encoded;
    private Spool spool;
    private CollectorRegistry registry;
    private SampleCollector samples;
    private static final String HOST = UUID.randomUUID().toString();
    private static final String INSTANCE = UUID.randomUUID().toString();
    private long seq;

    @Setup
    public void setUp() throws IOException {
        Path root = Files.createTempDirectory("vpsguard-cycle-bench");
        FixtureHostGenerator.write(root, guests, 1);
        Clock clock = Clock.systemUTC();
        inventory = new ProxmoxInventory(root);
        host = new ProcHostSampler(Path.of("/"), clock);
        guestSampler = new CgroupGuestSampler(root, clock);
        inventoryNow = inventory.load();
        registry = new CollectorRegistry();
        AgentMetrics metrics = new AgentMetrics(registry);
        spool = new Spool(root.resolve("spool"), 64L << 20, 0, metrics);
        samples = new SampleCollector(guestSampler::latestCounters);
        report = report(host.sample(), guestSampler.sample(inventoryNow));
        samples.update(report);
        encoded = ReportEncoder.encode(report);
    }

    private Report report(HostSample h, List<GuestSample> g) {
        return new Report(
                ProtocolJson.VERSION, HOST, ++seq, Instant.now(), h, g, null, null, INSTANCE);
    }

    @Benchmark
    public Object inventory() {
        return inventory.load();
    }

    @Benchmark
    public Object host() {
        return host.sample();
    }

    @Benchmark
    public Object guests() {
        return guestSampler.sample(inventoryNow);
    }

    @Benchmark
    public Object json() {
        return ProtocolJson.write(report);
    }

    @Benchmark
    public Object jsonAndGzip() {
        return ReportEncoder.encode(report);
    }

    @Benchmark
    public long spoolAppendAndRemove() throws IOException {
        long s = ++seq;
        spool.append(s, encoded);
        spool.sync();
        spool.read(s);
        spool.remove(s);
        return s;
    }

    @Benchmark
    public int scrape() throws IOException {
        StringWriter out = new StringWriter(64 * 1024);
        TextFormat.write004(out, registry.metricFamilySamples());
        return out.getBuffer().length() + samples.exposition().length;
    }

    /** The guests' series rendered anew, as the first scrape after each report does. */
    @Benchmark
    public int renderGuests() {
        samples.update(report(report.host(), report.guests()));
        return samples.exposition().length;
    }
}
