package dev.vpsguard.server.decision.resource;

import dev.vpsguard.server.detect.ResourceFinding;
import dev.vpsguard.server.detect.ResourceKind;
import dev.vpsguard.server.policy.ResourcePolicy;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A resource finding's numbers as people read them, for notifications and the evidence of actions:
 * {@code observed} and {@code limit} in the quota's display unit ({@link #unit}), {@code
 * windowSeconds} (how long the guest was over), {@code hostCpuPercent} (for CPU: the host's CPU use
 * at the finding, its contention) and, for a throttle, {@code liftAfterSeconds}. Pure.
 */
final class ResourceEvidence {
    private ResourceEvidence() {}

    /** The wire name of a quota, e.g. {@code egress}, {@code disk_bytes}. */
    static String quota(ResourceKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** The display unit of a quota's figures. */
    static String unit(ResourceKind kind) {
        return switch (kind) {
            case CPU -> "percent of the guest's vCPUs";
            case DISK_BYTES -> "MiB/s";
            case DISK_IOPS -> "operations/s";
            case EGRESS -> "Mbit/s";
            case PACKETS -> "packets/s";
            case SCAN -> "new connections in one window";
        };
    }

    /** The unit of the detector's figures. */
    static String rawUnit(ResourceKind kind) {
        return switch (kind) {
            case CPU -> "share of the guest's vCPUs";
            case DISK_BYTES, EGRESS -> "bytes/s";
            case DISK_IOPS -> "operations/s";
            case PACKETS -> "packets/s";
            case SCAN -> "new connections in one window";
        };
    }

    /** A figure in the detector's unit (share, bytes/s, ops/s, packets/s) in the display unit. */
    static double display(ResourceKind kind, double value) {
        return switch (kind) {
            case CPU -> value * 100;
            case DISK_BYTES -> value / (1024 * 1024);
            case EGRESS -> value * 8 / 1_000_000;
            case DISK_IOPS, PACKETS, SCAN -> value;
        };
    }

    /** The numbers of {@code f}, for a step that may lift on its own after {@code liftAfter}. */
    static Map<String, Object> of(ResourceFinding f, Long liftAfterSeconds) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("observed", round(display(f.kind(), f.observed())));
        e.put("limit", round(display(f.kind(), f.limit())));
        e.put("windowSeconds", f.sustainedFor().toSeconds());
        if (f.kind() == ResourceKind.CPU && !Double.isNaN(f.hostCpuPercent())) {
            // Only CPU depends on the host's contention (R1): for the others it would mislead.
            e.put("hostCpuPercent", round(f.hostCpuPercent()));
        }
        if (liftAfterSeconds != null) {
            e.put("liftAfterSeconds", liftAfterSeconds);
        }
        e.putAll(f.extra());
        return e;
    }

    /** The quota of {@code kind} in {@code policy}, in the detector's unit. */
    static double limit(ResourceKind kind, ResourcePolicy policy) {
        return switch (kind) {
            case CPU -> policy.cpu().maxShare();
            case DISK_BYTES -> policy.disk().maxBytesPerSec();
            case DISK_IOPS -> policy.disk().maxIops();
            case EGRESS -> policy.egress().maxBytesPerSec();
            case PACKETS -> policy.packets().maxPerSec();
            case SCAN -> Double.NaN; // per finding: the threshold depends on the guest's baseline
        };
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
