package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One guest in a delta report (protocol 3): its measured figures always, its inventory ({@code
 * kind}, {@code name}, {@code cores}, {@code memoryConfiguredBytes}, {@code nics}) only when it
 * differs from the base report's or the guest is new. The inventory comes whole or not at all:
 * {@code kind} present means all of it is given (a null {@code name} is then a null name), {@code
 * kind} absent means all of it is the base's.
 *
 * @param vmid Proxmox guest id
 * @param status running, stopped or unknown (measured: always sent)
 * @param kind qemu or lxc; absent when the inventory is the base's
 * @param name as in {@link GuestSample}, only with {@code kind}
 * @param cores as in {@link GuestSample}, only with {@code kind}
 * @param memoryConfiguredBytes as in {@link GuestSample}, only with {@code kind}
 * @param nics as in {@link GuestSample}: required with {@code kind}, absent without
 * @param usage as in {@link GuestSample}
 * @param smtp as in {@link GuestSample}
 * @param flows as in {@link GuestSample}
 * @param reach as in {@link GuestSample} (measured: sent whenever the agent has it)
 */
public record GuestDelta(
        @JsonProperty(required = true) int vmid,
        GuestStatus status,
        GuestKind kind,
        String name,
        Integer cores,
        Long memoryConfiguredBytes,
        List<GuestNic> nics,
        GuestUsage usage,
        SmtpWindow smtp,
        FlowWindow flows,
        GuestReach reach) {
    @JsonCreator
    public GuestDelta {
        Check.vmid(vmid, "vmid");
        Check.required(status, "status");
        if (kind == null) {
            onlyWithKind(name, "name");
            onlyWithKind(cores, "cores");
            onlyWithKind(memoryConfiguredBytes, "memoryConfiguredBytes");
            onlyWithKind(nics, "nics");
        } else {
            Check.text(name, 253, "name");
            Check.between(cores, 1, 4096, "cores");
            Check.atLeast(memoryConfiguredBytes, 0, "memoryConfiguredBytes");
            nics = Check.list(nics, 32, "nics");
        }
    }

    private static void onlyWithKind(Object value, String field) {
        if (value != null) {
            throw new FieldViolation(
                    field, "only with kind: a guest's inventory is sent whole or not at all");
        }
    }

    /** Whether this entry carries the guest's inventory (else it is the base report's). */
    public boolean hasInventory() {
        return kind != null;
    }

    /** The sample this entry stands for, given the guest's inventory. */
    public GuestSample expand(GuestInventory inventory) {
        return new GuestSample(
                vmid,
                inventory.kind(),
                inventory.name(),
                status,
                inventory.cores(),
                inventory.memoryConfiguredBytes(),
                inventory.nics(),
                usage,
                smtp,
                flows,
                reach);
    }

    /** {@code s} as a delta entry: with its inventory, or without it when {@code same}. */
    public static GuestDelta of(GuestSample s, boolean sameInventory) {
        return sameInventory
                ? new GuestDelta(
                        s.vmid(),
                        s.status(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        s.usage(),
                        s.smtp(),
                        s.flows(),
                        s.reach())
                : new GuestDelta(
                        s.vmid(),
                        s.status(),
                        s.kind(),
                        s.name(),
                        s.cores(),
                        s.memoryConfiguredBytes(),
                        s.nics(),
                        s.usage(),
                        s.smtp(),
                        s.flows(),
                        s.reach());
    }
}
