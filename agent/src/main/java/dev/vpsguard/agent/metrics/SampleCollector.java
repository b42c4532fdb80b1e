package dev.vpsguard.agent.metrics;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.protocol.Report;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Publishes the figures of the latest report as gauges. A guest that leaves the inventory leaves
 * the output with the next report (no stale label sets). Unmeasured (null) figures are omitted.
 *
 * <pre>
 * vpsguard_host_cpu_percent 12.5
 * vpsguard_host_memory_used_bytes 8.1E9
 * vpsguard_guest_cores{vmid="101",kind="qemu",name="web1",} 2.0
 * vpsguard_guest_net_tx_bytes_per_second{vmid="101",kind="qemu",name="web1",} 5120.0
 * </pre>
 */
public final class SampleCollector extends Collector {
    private static final List<String> GUEST_LABELS = List.of("vmid", "kind", "name");

    private final AtomicReference<Report> latest = new AtomicReference<>();

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
        HostSample h = r.host();
        if (h != null) {
            host(
                    out,
                    "cpu_percent",
                    "Busy share of all host CPUs over the cycle, percent.",
                    h.cpuPercent());
            host(out, "cpu_count", "Logical CPUs.", h.cpuCount());
            host(out, "load1", "1-minute load average.", h.load1());
            host(out, "load5", "5-minute load average.", h.load5());
            host(out, "load15", "15-minute load average.", h.load15());
            host(out, "memory_total_bytes", "Physical memory, bytes.", h.memoryTotalBytes());
            host(out, "memory_used_bytes", "Physical memory in use, bytes.", h.memoryUsedBytes());
            host(out, "swap_total_bytes", "Swap, bytes.", h.swapTotalBytes());
            host(out, "swap_used_bytes", "Swap in use, bytes.", h.swapUsedBytes());
        }
        List<GuestSample> guests = r.guests() == null ? List.of() : r.guests();
        guest(
                out,
                guests,
                "running",
                "1 when the guest runs.",
                g -> g.status() == null ? null : g.status().wire().equals("running") ? 1 : 0);
        guest(out, guests, "cores", "vCPUs allocated.", GuestSample::cores);
        guest(
                out,
                guests,
                "memory_configured_bytes",
                "Memory allocated, bytes.",
                GuestSample::memoryConfiguredBytes);
        usage(
                out,
                guests,
                "cpu_cores_used",
                "CPU used over the cycle, cores.",
                GuestUsage::cpuCores);
        usage(
                out,
                guests,
                "memory_used_bytes",
                "Memory in use, bytes.",
                GuestUsage::memoryUsedBytes);
        usage(
                out,
                guests,
                "disk_read_bytes_per_second",
                "Disk read rate, bytes/s.",
                GuestUsage::diskReadBytesPerSec);
        usage(
                out,
                guests,
                "disk_write_bytes_per_second",
                "Disk write rate, bytes/s.",
                GuestUsage::diskWriteBytesPerSec);
        usage(
                out,
                guests,
                "disk_read_ops_per_second",
                "Disk read operations/s.",
                GuestUsage::diskReadOpsPerSec);
        usage(
                out,
                guests,
                "disk_write_ops_per_second",
                "Disk write operations/s.",
                GuestUsage::diskWriteOpsPerSec);
        usage(
                out,
                guests,
                "net_tx_bytes_per_second",
                "Bytes/s sent by the guest.",
                GuestUsage::netTxBytesPerSec);
        usage(
                out,
                guests,
                "net_rx_bytes_per_second",
                "Bytes/s received by the guest.",
                GuestUsage::netRxBytesPerSec);
        usage(
                out,
                guests,
                "net_tx_packets_per_second",
                "Packets/s sent by the guest.",
                GuestUsage::netTxPacketsPerSec);
        usage(
                out,
                guests,
                "net_rx_packets_per_second",
                "Packets/s received by the guest.",
                GuestUsage::netRxPacketsPerSec);
        return out;
    }

    private static void host(
            List<MetricFamilySamples> out, String name, String help, Number value) {
        if (value != null) {
            out.add(new GaugeMetricFamily("vpsguard_host_" + name, help, value.doubleValue()));
        }
    }

    private static void guest(
            List<MetricFamilySamples> out,
            List<GuestSample> guests,
            String name,
            String help,
            Function<GuestSample, Number> figure) {
        GaugeMetricFamily f = new GaugeMetricFamily("vpsguard_guest_" + name, help, GUEST_LABELS);
        for (GuestSample g : guests) {
            Number v = figure.apply(g);
            if (v != null) {
                f.addMetric(
                        List.of(
                                String.valueOf(g.vmid()),
                                g.kind() == null ? "" : g.kind().wire(),
                                g.name() == null ? "" : g.name()),
                        v.doubleValue());
            }
        }
        if (!f.samples.isEmpty()) {
            out.add(f);
        }
    }

    private static void usage(
            List<MetricFamilySamples> out,
            List<GuestSample> guests,
            String name,
            String help,
            Function<GuestUsage, Number> figure) {
        guest(out, guests, name, help, g -> g.usage() == null ? null : figure.apply(g.usage()));
    }
}
