package dev.vpsguard.agent.report.bench;

import dev.vpsguard.agent.inventory.FixtureHostGenerator;
import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.agent.inventory.ProxmoxInventory;
import dev.vpsguard.agent.report.ReportEncoder;
import dev.vpsguard.agent.sampling.CgroupGuestSampler;
import dev.vpsguard.agent.sampling.ProcHostSampler;
import dev.vpsguard.protocol.GuestInventory;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.ReportDelta;
import dev.vpsguard.protocol.SmtpWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Full report versus delta report (protocol 3) on a generated Proxmox fixture: the agent's cost to
 * encode each (JSON + gzip, the delta including its diff against the base), and the server's cost
 * to read each (the delta including its expansion). Two consecutive cycles of the fixture's
 * counters, every guest with the SMTP window a watching agent sends (all-zero when quiet). The
 * bytes on the wire are printed at setup. Run by hand like {@link ReportCycleBenchmark}:
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
 *     -cp agent/target/test-classes:agent/target/classes:$(cat /tmp/cp.txt) \
 *     org.openjdk.jmh.Main DeltaReportBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s \
 *     -jvmArgs '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC'
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeltaReportBenchmark {
    @Param({"200", "1000"})
    public int guests;

    private Report base;
    private Report next;
    private byte[] fullJson;
    private byte[] deltaJson;
    private Map<Integer, GuestInventory> inventories;

    @Setup
    public void setUp() throws IOException {
        Path root = Files.createTempDirectory("vpsguard-delta-bench");
        String instance = UUID.randomUUID().toString();
        Clock clock = Clock.systemUTC();
        ProxmoxInventory inventory = new ProxmoxInventory(root);
        ProcHostSampler host = new ProcHostSampler(Path.of("/"), clock);
        CgroupGuestSampler sampler = new CgroupGuestSampler(root, clock);
        FixtureHostGenerator.write(root, guests, 0);
        List<Guest> now = inventory.load();
        sampler.sample(now);
        FixtureHostGenerator.write(root, guests, 1);
        base = report(instance, 1, host, sampler.sample(now));
        FixtureHostGenerator.write(root, guests, 2);
        next = report(instance, 2, host, sampler.sample(now));
        fullJson = ProtocolJson.write(next);
        deltaJson = ProtocolJson.write(ReportDelta.between(base, next));
        inventories = new HashMap<>();
        base.guests().forEach(g -> inventories.put(g.vmid(), GuestInventory.of(g)));
        System.err.printf(
                "%n%d guests: full %d B JSON, %d B gzip; delta %d B JSON, %d B gzip%n",
                guests,
                fullJson.length,
                ReportEncoder.encode(next).length,
                deltaJson.length,
                ReportEncoder.encode(ReportDelta.between(base, next)).length);
    }

    private static Report report(
            String instance, long seq, ProcHostSampler host, List<GuestSample> samples) {
        Instant at = Instant.now();
        SmtpWindow quiet = new SmtpWindow(at.minusSeconds(5), at, 0, 0, 0, 0, 0, 0, null);
        List<GuestSample> withSmtp = samples.stream().map(s -> s.withSmtp(quiet)).toList();
        return new Report(
                ProtocolJson.VERSION,
                "bench",
                seq,
                at,
                host.sample(),
                withSmtp,
                null,
                null,
                instance);
    }

    @Benchmark
    public byte[] agentEncodesFull() {
        return ReportEncoder.encode(next);
    }

    @Benchmark
    public byte[] agentEncodesDelta() {
        return ReportEncoder.encode(ReportDelta.between(base, next));
    }

    @Benchmark
    public Report serverReadsFull() throws Exception {
        return ProtocolJson.read(fullJson, Report.class);
    }

    @Benchmark
    public Report serverReadsDelta() throws Exception {
        if (!ProtocolJson.isDelta(deltaJson)) {
            throw new IllegalStateException("not a delta");
        }
        return ProtocolJson.read(deltaJson, ReportDelta.class).expand(inventories::get).get();
    }

    @Benchmark
    public boolean serverChecksAFullBodyForBaseSeq() {
        return ProtocolJson.isDelta(fullJson);
    }

    /**
     * The same operations timed in CPU time of the running thread (not wall time), for a loaded
     * machine where JMH's wall-clock figures include waiting for a core: {@code java -cp ...
     * DeltaReportBenchmark [guests...]}.
     */
    public static void main(String[] args) throws Exception {
        java.lang.management.ThreadMXBean cpu =
                java.lang.management.ManagementFactory.getThreadMXBean();
        for (String arg : args.length == 0 ? new String[] {"200", "1000"} : args) {
            DeltaReportBenchmark b = new DeltaReportBenchmark();
            b.guests = Integer.parseInt(arg);
            b.setUp();
            Map<String, java.util.concurrent.Callable<Object>> ops =
                    new java.util.LinkedHashMap<>();
            ops.put("agentEncodesFull", b::agentEncodesFull);
            ops.put("agentEncodesDelta", b::agentEncodesDelta);
            ops.put("serverReadsFull", b::serverReadsFull);
            ops.put("serverReadsDelta", b::serverReadsDelta);
            ops.put("serverChecksAFullBodyForBaseSeq", b::serverChecksAFullBodyForBaseSeq);
            int n = 200_000 / b.guests;
            for (Map.Entry<String, java.util.concurrent.Callable<Object>> op : ops.entrySet()) {
                for (int i = 0; i < n; i++) {
                    op.getValue().call(); // warm-up
                }
                long t0 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    op.getValue().call();
                }
                double us = (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / n;
                System.out.printf(
                        "%d guests  %-32s %8.1f us CPU/op (%d ops)%n",
                        b.guests, op.getKey(), us, n);
            }
        }
    }
}
