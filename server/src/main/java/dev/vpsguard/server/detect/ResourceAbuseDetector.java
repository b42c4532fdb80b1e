package dev.vpsguard.server.detect;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.HostSample;
import dev.vpsguard.server.policy.ResourcePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides from one guest's samples whether it abuses a resource quota (clauses R1, R2, R5, R6).
 * Pure: no IO, the sample time is an argument.
 *
 * <p>A quota must be exceeded on every sample for its {@code sustained} duration before a finding
 * is raised; a sample under the quota, or one where the figure was not measured, starts over (no
 * evidence, no finding). While the abuse goes on, the finding is raised again every {@code
 * sustained} period, so the resource ladder sees that it persists. CPU counts only while the host
 * is contended (R1): a guest using all its vCPUs on an idle host harms nobody. When no sample came
 * for longer than {@link #MAX_SAMPLE_GAP} (the agent or its host was down), nobody knows what the
 * guest did meanwhile: every episode starts over.
 */
public final class ResourceAbuseDetector {
    /** A longer silence between two samples breaks every episode of abuse. */
    public static final Duration MAX_SAMPLE_GAP = Duration.ofMinutes(5);

    private ResourceAbuseDetector() {}

    /**
     * @param state the guest's state, updated in place
     * @param guest the guest's sample
     * @param host the host's sample of the same cycle (nullable: then CPU is not evaluated)
     * @param at when the sample was taken; samples at or before the previous one are ignored
     * @param policy the guest's contract quotas
     * @return the findings raised by this sample, possibly none
     */
    public static List<ResourceFinding> observe(
            ResourceGuestState state,
            GuestSample guest,
            HostSample host,
            Instant at,
            ResourcePolicy policy) {
        if (state.lastAt != null && !at.isAfter(state.lastAt)) {
            return List.of();
        }
        if (state.lastAt != null
                && Duration.between(state.lastAt, at).compareTo(MAX_SAMPLE_GAP) > 0) {
            state.overSince.clear();
            state.lastReported.clear();
        }
        state.lastAt = at;
        GuestUsage u = guest.usage();
        if (guest.status() != GuestStatus.RUNNING || u == null) {
            state.overSince.clear();
            state.lastReported.clear();
            return List.of();
        }
        double hostCpu = host == null || host.cpuPercent() == null ? Double.NaN : host.cpuPercent();
        List<ResourceFinding> out = new ArrayList<>(2);

        Double share =
                u.cpuCores() == null || guest.cores() == null || guest.cores() <= 0
                        ? null
                        : u.cpuCores() / guest.cores();
        boolean contended = hostCpu > policy.contention().hostCpuPercent();
        check(
                state,
                out,
                ResourceKind.CPU,
                contended ? share : null,
                policy.cpu().maxShare(),
                policy.cpu().sustained(),
                at,
                hostCpu,
                policy.cpu().clause());

        var disk = policy.disk();
        check(
                state,
                out,
                ResourceKind.DISK_BYTES,
                sum(u.diskReadBytesPerSec(), u.diskWriteBytesPerSec()),
                disk.maxBytesPerSec(),
                disk.sustained(),
                at,
                hostCpu,
                disk.clause());
        check(
                state,
                out,
                ResourceKind.DISK_IOPS,
                sum(u.diskReadOpsPerSec(), u.diskWriteOpsPerSec()),
                disk.maxIops(),
                disk.sustained(),
                at,
                hostCpu,
                disk.clause());

        var egress = policy.egress();
        check(
                state,
                out,
                ResourceKind.EGRESS,
                u.netTxBytesPerSec(),
                egress.maxBytesPerSec(),
                egress.sustained(),
                at,
                hostCpu,
                egress.clause());
        var packets = policy.packets();
        check(
                state,
                out,
                ResourceKind.PACKETS,
                u.netTxPacketsPerSec(),
                packets.maxPerSec(),
                packets.sustained(),
                at,
                hostCpu,
                packets.clause());
        return out;
    }

    private static void check(
            ResourceGuestState state,
            List<ResourceFinding> out,
            ResourceKind kind,
            Double observed,
            double limit,
            Duration sustained,
            Instant at,
            double hostCpu,
            String clause) {
        if (observed == null || !(observed > limit)) {
            state.overSince.remove(kind);
            state.lastReported.remove(kind);
            return;
        }
        Instant since = state.overSince.computeIfAbsent(kind, k -> at);
        if (Duration.between(since, at).compareTo(sustained) < 0) {
            return;
        }
        Instant last = state.lastReported.get(kind);
        if (last != null && Duration.between(last, at).compareTo(sustained) < 0) {
            return;
        }
        state.lastReported.put(kind, at);
        out.add(new ResourceFinding(kind, observed, limit, since, at, hostCpu, clause));
    }

    private static Double sum(Double a, Double b) {
        if (a == null && b == null) {
            return null;
        }
        return (a == null ? 0 : a) + (b == null ? 0 : b);
    }
}
