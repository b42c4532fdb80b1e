package dev.vpsguard.agent.metrics;

import dev.vpsguard.agent.sampling.GuestCounters;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.Report;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The host and its guests as the latest report saw them, in Prometheus's conventions: base units
 * (seconds, bytes, ratios 0..1), cumulative counters ({@code _total}, read from the kernel's own
 * counters, so {@code rate()} works across scrapes and counter resets) rather than per-second
 * gauges, and guest series keyed by {@code vmid} only, the guest's name and kind being on one
 * {@code vpsguard_agent_guest_info} series (a renamed guest does not start new series).
 *
 * <pre>
 * vpsguard_agent_host_cpu_busy_ratio 0.125
 * vpsguard_agent_guest_info{vmid="101",kind="qemu",name="web1",} 1.0
 * vpsguard_agent_guest_cpu_seconds_total{vmid="101",} 5321.25
 * vpsguard_agent_guest_network_transmit_bytes_total{vmid="101",} 9.1E9
 * </pre>
 *
 * A guest that leaves the inventory leaves the output with the next report (no stale series); a
 * stopped guest keeps its info, running, allocation series and loses its counters (its cgroup is
 * gone). Unmeasured (null) figures are omitted.
 */
public final class SampleCollector extends Collector {
    private static final String HOST = "vpsguard_agent_host_";
    private static final String GUEST = "vpsguard_agent_guest_";
    private static final List<String> VMID = List.of("vmid");

    private final AtomicReference<Report> latest = new AtomicReference<>();
    private final Supplier<Map<Integer, GuestCounters>> counters;

    /** Figures from the reports only (no guest counters). */
    public SampleCollector() {
        this(Map::of);
    }

    /**
     * @param counters the guests' raw counters of the latest sample, by vmid, read at each scrape
     */
    public SampleCollector(Supplier<Map<Integer, GuestCounters>> counters) {
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /** Replaces the published figures with this report's. */
    public void update(Report report) {
        latest.set(report);
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Report r = latest.get();
        List<MetricFamilySamples> out = new ArrayList<>();
        if (r == null) {
            return out;
        }
        if (r.host() != null) {
            host(out, r.host());
        }
        List<GuestSample> guests = r.guests() == null ? List.of() : r.guests();
        GaugeMetricFamily info =
                new GaugeMetricFamily(
                        GUEST + "info",
                        "Always 1 for each guest in the inventory; its kind (qemu, lxc) and name."
                                + " Join on vmid.",
                        List.of("vmid", "kind", "name"));
        for (GuestSample g : guests) {
            info.addMetric(
                    List.of(
                            String.valueOf(g.vmid()),
                            g.kind() == null ? "" : g.kind().wire(),
                            g.name() == null ? "" : g.name()),
                    1);
        }
        add(out, info);
        gauge(
                out,
                guests,
                "running",
                "1 when the guest runs, 0 when it is stopped.",
                g -> g.status() == null ? null : g.status() == GuestStatus.RUNNING ? 1 : 0);
        gauge(out, guests, "vcpus", "vCPUs allocated.", GuestSample::cores);
        gauge(
                out,
                guests,
                "memory_configured_bytes",
                "Memory allocated in the guest's config, bytes.",
                GuestSample::memoryConfiguredBytes);
        gauge(
                out,
                guests,
                "memory_used_bytes",
                "Memory in use (cgroup memory.current minus file cache), bytes.",
                g -> g.usage() == null ? null : g.usage().memoryUsedBytes());
        gauge(
                out,
                guests,
                "memory_limit_bytes",
                "The guest's cgroup memory limit (memory.max), bytes; absent when unlimited.",
                g -> g.usage() == null ? null : g.usage().memoryLimitBytes());
        guestCounters(out, counters.get());
        return out;
    }

    private static void host(List<MetricFamilySamples> out, HostSample h) {
        Double busy = h.cpuPercent() == null ? null : h.cpuPercent() / 100.0;
        hostGauge(
                out,
                "cpu_busy_ratio",
                "Busy share of all host CPUs over the last cycle, 0..1.",
                busy);
        hostGauge(out, "cpus", "Logical CPUs.", h.cpuCount());
        hostGauge(out, "load1", "1-minute load average.", h.load1());
        hostGauge(out, "load5", "5-minute load average.", h.load5());
        hostGauge(out, "load15", "15-minute load average.", h.load15());
        hostGauge(out, "memory_total_bytes", "Physical memory, bytes.", h.memoryTotalBytes());
        hostGauge(
                out,
                "memory_used_bytes",
                "Physical memory in use (total minus available), bytes.",
                h.memoryUsedBytes());
        hostGauge(out, "swap_total_bytes", "Swap, bytes.", h.swapTotalBytes());
        hostGauge(out, "swap_used_bytes", "Swap in use, bytes.", h.swapUsedBytes());
    }

    /** The kernel's cumulative counters, each since the guest's cgroup or NIC was created. */
    private static void guestCounters(
            List<MetricFamilySamples> out, Map<Integer, GuestCounters> all) {
        counter(
                out,
                all,
                "cpu_seconds",
                "CPU time used by the guest (cgroup cpu.stat usage_usec), seconds.",
                c -> c.cpuUsageUsec() == null ? null : c.cpuUsageUsec() / 1_000_000.0);
        counter(
                out,
                all,
                "disk_read_bytes",
                "Bytes read from disk (cgroup io.stat rbytes).",
                GuestCounters::diskReadBytes);
        counter(
                out,
                all,
                "disk_written_bytes",
                "Bytes written to disk (cgroup io.stat wbytes).",
                GuestCounters::diskWriteBytes);
        counter(
                out,
                all,
                "disk_reads",
                "Disk read operations (cgroup io.stat rios).",
                GuestCounters::diskReadOps);
        counter(
                out,
                all,
                "disk_writes",
                "Disk write operations (cgroup io.stat wios).",
                GuestCounters::diskWriteOps);
        counter(
                out,
                all,
                "network_transmit_bytes",
                "Bytes sent by the guest, all its NICs (the tap/veth's receive side).",
                GuestCounters::netTxBytes);
        counter(
                out,
                all,
                "network_receive_bytes",
                "Bytes received by the guest, all its NICs.",
                GuestCounters::netRxBytes);
        counter(
                out,
                all,
                "network_transmit_packets",
                "Packets sent by the guest, all its NICs.",
                GuestCounters::netTxPackets);
        counter(
                out,
                all,
                "network_receive_packets",
                "Packets received by the guest, all its NICs.",
                GuestCounters::netRxPackets);
    }

    private static void hostGauge(
            List<MetricFamilySamples> out, String name, String help, Number value) {
        if (value != null) {
            out.add(new GaugeMetricFamily(HOST + name, help, value.doubleValue()));
        }
    }

    private static void gauge(
            List<MetricFamilySamples> out,
            List<GuestSample> guests,
            String name,
            String help,
            Function<GuestSample, Number> figure) {
        GaugeMetricFamily f = new GaugeMetricFamily(GUEST + name, help, VMID);
        for (GuestSample g : guests) {
            Number v = figure.apply(g);
            if (v != null) {
                f.addMetric(List.of(String.valueOf(g.vmid())), v.doubleValue());
            }
        }
        add(out, f);
    }

    /** {@code name} without {@code _total}: simpleclient appends it to a counter's samples. */
    private static void counter(
            List<MetricFamilySamples> out,
            Map<Integer, GuestCounters> all,
            String name,
            String help,
            Function<GuestCounters, Number> figure) {
        CounterMetricFamily f = new CounterMetricFamily(GUEST + name, help, VMID);
        all.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        e -> {
                            Number v = figure.apply(e.getValue());
                            if (v != null) {
                                f.addMetric(List.of(e.getKey().toString()), v.doubleValue());
                            }
                        });
        add(out, f);
    }

    private static void add(List<MetricFamilySamples> out, MetricFamilySamples f) {
        if (!f.samples.isEmpty()) {
            out.add(f);
        }
    }
}
