package dev.vpsguard.agent.enforce;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.GuestKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CPU limits and suspensions: remembers what it applied, and on each call applies only the
 * difference (set new or changed limits, clear lifted ones, suspend, resume). A failed change is
 * not remembered, so the next call retries it.
 */
final class GuestActions {
    private static final Logger LOG = LoggerFactory.getLogger(GuestActions.class);

    private final GuestControl control;
    private final Map<Integer, Applied> cpu = new TreeMap<>();
    private final Map<Integer, Applied> suspended = new TreeMap<>();

    private record Applied(GuestKind kind, double cores) {}

    GuestActions(GuestControl control) {
        this.control = control;
    }

    /**
     * Brings guests to {@code actions}.
     *
     * @return action id → why it failed; an IO failure is reported with {@code ioFailure}
     */
    Outcome apply(List<DesiredAction> actions, Map<Integer, Guest> guests) {
        Map<String, String> failed = new HashMap<>();
        boolean ioFailure = false;
        Map<Integer, Double> wantCpu = new TreeMap<>();
        Map<Integer, List<String>> cpuIds = new HashMap<>();
        Map<Integer, List<String>> suspendIds = new TreeMap<>();
        for (DesiredAction a : actions) {
            if (a.type() != ActionType.THROTTLE_CPU && a.type() != ActionType.SUSPEND) {
                continue;
            }
            if (!guests.containsKey(a.vmid())) {
                failed.put(a.id(), "guest " + a.vmid() + " is not on this host");
            } else if (a.type() == ActionType.SUSPEND) {
                suspendIds.computeIfAbsent(a.vmid(), k -> new ArrayList<>()).add(a.id());
            } else if (a.cpuLimitCores() == null) {
                failed.put(a.id(), "throttle_cpu needs cpuLimitCores");
            } else {
                wantCpu.merge(a.vmid(), a.cpuLimitCores(), Math::min);
                cpuIds.computeIfAbsent(a.vmid(), k -> new ArrayList<>()).add(a.id());
            }
        }
        for (Map.Entry<Integer, Double> e : wantCpu.entrySet()) {
            Applied had = cpu.get(e.getKey());
            if (had != null && had.cores() == e.getValue()) {
                continue;
            }
            GuestKind kind = guests.get(e.getKey()).kind();
            GuestControl.Result r = control.limitCpu(e.getKey(), kind, e.getValue());
            if (r.ok()) {
                cpu.put(e.getKey(), new Applied(kind, e.getValue()));
            } else {
                ioFailure = true;
                cpuIds.get(e.getKey()).forEach(id -> failed.put(id, r.detail()));
            }
        }
        for (Integer vmid : new ArrayList<>(cpu.keySet())) {
            if (!wantCpu.containsKey(vmid)) {
                GuestControl.Result r = control.clearCpuLimit(vmid, cpu.get(vmid).kind());
                if (r.ok()) {
                    cpu.remove(vmid);
                } else {
                    ioFailure = true;
                    LOG.warn("cannot lift the CPU limit of guest {}: {}", vmid, r.detail());
                }
            }
        }
        for (Map.Entry<Integer, List<String>> e : suspendIds.entrySet()) {
            if (suspended.containsKey(e.getKey())) {
                continue;
            }
            GuestKind kind = guests.get(e.getKey()).kind();
            GuestControl.Result r = control.suspend(e.getKey(), kind);
            if (r.ok()) {
                suspended.put(e.getKey(), new Applied(kind, 0));
            } else {
                ioFailure = true;
                e.getValue().forEach(id -> failed.put(id, r.detail()));
            }
        }
        for (Integer vmid : new ArrayList<>(suspended.keySet())) {
            if (!suspendIds.containsKey(vmid)) {
                GuestControl.Result r = control.resume(vmid, suspended.get(vmid).kind());
                if (r.ok()) {
                    suspended.remove(vmid);
                } else {
                    ioFailure = true;
                    LOG.warn("cannot resume guest {}: {}", vmid, r.detail());
                }
            }
        }
        return new Outcome(failed, ioFailure);
    }

    /**
     * @param failed action id → why it failed
     * @param ioFailure whether a command failed (worth retrying next cycle)
     */
    record Outcome(Map<String, String> failed, boolean ioFailure) {}
}
