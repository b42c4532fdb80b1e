package dev.vpsguard.agent.metrics;

import dev.vpsguard.agent.sampling.GuestCounters;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 *
 * <p>Written straight as text, in simpleclient's own format, rather than as {@code
 * MetricFamilySamples}: some 3,000 series for 200 guests, and building a sample object, a label
 * list and a formatted double for each cost more CPU than the agent's whole report cycle.
 */
public final class SampleCollector implements TextMetrics {
    private static final String HOST = "vpsguard_agent_host_";
    private static final String GUEST = "vpsguard_agent_guest_";

    private volatile Report latest;
    // The scrape side: what was rendered, from which report, in a buffer reused across renders.
    private final ExpositionBuffer buffer = new ExpositionBuffer(64 * 1024);
    private Report rendered;
    private byte[] text = new byte[0];
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
        latest = report;
    }

    /**
     * The latest report's series, rendered on the first scrape after the report and then served as
     * the same bytes: the figures change once per cycle, scrapes may come more often (two
     * Prometheus servers, a person with curl), and rendering 3,000 series was most of a scrape.
     */
    @Override
    public synchronized byte[] exposition() {
        Report r = latest;
        if (r != rendered) {
            buffer.reset();
            if (r != null) {
                writeTo(buffer, r);
            }
            text = buffer.toByteArray();
            rendered = r;
        }
        return text;
    }

    private void writeTo(ExpositionBuffer out, Report r) {
        if (r.host() != null) {
            host(out, r.host());
        }
        List<GuestSample> guests = r.guests() == null ? List.of() : r.guests();
        if (!guests.isEmpty()) {
            header(
                    out,
                    GUEST + "info",
                    "Always 1 for each guest in the inventory; its kind (qemu, lxc) and name."
                            + " Join on vmid.",
                    "gauge");
            for (GuestSample g : guests) {
                out.append(GUEST).append("info{vmid=\"").append(g.vmid()).append("\",kind=\"");
                out.append(g.kind() == null ? "" : g.kind().wire()).append("\",name=\"");
                out.labelValue(g.name() == null ? "" : g.name());
                out.append("\",} 1.0\n");
            }
        }
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
    }

    private static void host(ExpositionBuffer out, HostSample h) {
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
    private static void guestCounters(ExpositionBuffer out, Map<Integer, GuestCounters> all) {
        List<Map.Entry<Integer, GuestCounters>> sorted = new ArrayList<>(all.entrySet());
        sorted.sort(Map.Entry.comparingByKey());
        counter(
                out,
                sorted,
                "cpu_seconds",
                "CPU time used by the guest (cgroup cpu.stat usage_usec), seconds.",
                GuestCounters::cpuUsageUsec,
                true);
        counter(
                out,
                sorted,
                "disk_read_bytes",
                "Bytes read from disk (cgroup io.stat rbytes).",
                GuestCounters::diskReadBytes);
        counter(
                out,
                sorted,
                "disk_written_bytes",
                "Bytes written to disk (cgroup io.stat wbytes).",
                GuestCounters::diskWriteBytes);
        counter(
                out,
                sorted,
                "disk_reads",
                "Disk read operations (cgroup io.stat rios).",
                GuestCounters::diskReadOps);
        counter(
                out,
                sorted,
                "disk_writes",
                "Disk write operations (cgroup io.stat wios).",
                GuestCounters::diskWriteOps);
        counter(
                out,
                sorted,
                "network_transmit_bytes",
                "Bytes sent by the guest, all its NICs (the tap/veth's receive side).",
                GuestCounters::netTxBytes);
        counter(
                out,
                sorted,
                "network_receive_bytes",
                "Bytes received by the guest, all its NICs.",
                GuestCounters::netRxBytes);
        counter(
                out,
                sorted,
                "network_transmit_packets",
                "Packets sent by the guest, all its NICs.",
                GuestCounters::netTxPackets);
        counter(
                out,
                sorted,
                "network_receive_packets",
                "Packets received by the guest, all its NICs.",
                GuestCounters::netRxPackets);
    }

    private static void hostGauge(ExpositionBuffer out, String name, String help, Number value) {
        if (value != null) {
            header(out, HOST + name, help, "gauge");
            out.append(HOST).append(name).append(' ');
            out.value(value.doubleValue());
            out.append('\n');
        }
    }

    private static void gauge(
            ExpositionBuffer out,
            List<GuestSample> guests,
            String name,
            String help,
            Function<GuestSample, Number> figure) {
        boolean first = true;
        for (GuestSample g : guests) {
            Number v = figure.apply(g);
            if (v == null) {
                continue;
            }
            if (first) {
                header(out, GUEST + name, help, "gauge");
                first = false;
            }
            sample(out, name, "", g.vmid(), v);
        }
    }

    /** {@code name} without {@code _total}, which the samples get (as simpleclient writes them). */
    private static void counter(
            ExpositionBuffer out,
            List<Map.Entry<Integer, GuestCounters>> all,
            String name,
            String help,
            Function<GuestCounters, Number> figure) {
        counter(out, all, name, help, figure, false);
    }

    /**
     * @param micros the figure is in microseconds, written as seconds
     */
    private static void counter(
            ExpositionBuffer out,
            List<Map.Entry<Integer, GuestCounters>> all,
            String name,
            String help,
            Function<GuestCounters, Number> figure,
            boolean micros) {
        boolean first = true;
        for (Map.Entry<Integer, GuestCounters> e : all) {
            Number v = figure.apply(e.getValue());
            if (v == null) {
                continue;
            }
            if (first) {
                header(out, GUEST + name + "_total", help, "counter");
                first = false;
            }
            if (micros) {
                out.append(GUEST).append(name).append("_total{vmid=\"").append(e.getKey());
                out.append("\",} ").seconds(v.longValue()).append('\n');
            } else {
                sample(out, name, "_total", e.getKey(), v);
            }
        }
    }

    private static void header(ExpositionBuffer out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A guest's sample; the name in parts, so that no string is built per sample. */
    private static void sample(
            ExpositionBuffer out, String name, String suffix, int vmid, Number value) {
        out.append(GUEST).append(name).append(suffix).append("{vmid=\"").append(vmid);
        out.append("\",} ");
        out.value(value.doubleValue()).append('\n');
    }
}
