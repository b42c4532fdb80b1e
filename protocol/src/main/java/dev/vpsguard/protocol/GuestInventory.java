package dev.vpsguard.protocol;

import java.util.List;

/**
 * The part of a guest's sample that comes from its configuration and changes only when an operator
 * changes it: what a delta report leaves out when the base report had it the same.
 *
 * @param kind qemu or lxc
 * @param name the guest's name (nullable)
 * @param cores vCPUs allocated (nullable)
 * @param memoryConfiguredBytes memory allocated, bytes (nullable)
 * @param nics the guest's network interfaces
 */
public record GuestInventory(
        GuestKind kind,
        String name,
        Integer cores,
        Long memoryConfiguredBytes,
        List<GuestNic> nics) {
    /** The inventory part of a full sample. */
    public static GuestInventory of(GuestSample s) {
        return new GuestInventory(
                s.kind(), s.name(), s.cores(), s.memoryConfiguredBytes(), s.nics());
    }
}
