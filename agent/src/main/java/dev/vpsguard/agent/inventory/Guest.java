package dev.vpsguard.agent.inventory;

import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import java.util.List;

/**
 * One guest living on this host, as the inventory knows it.
 *
 * @param vmid Proxmox guest id
 * @param kind qemu or lxc
 * @param name the guest's name (nullable)
 * @param running whether the guest is running now
 * @param cores vCPUs allocated: sockets × cores, or {@code vcpus} when set (nullable)
 * @param memoryBytes memory allocated, bytes (nullable)
 * @param nics the guest's network interfaces, with the host-side interface name
 */
public record Guest(
        int vmid,
        GuestKind kind,
        String name,
        boolean running,
        Integer cores,
        Long memoryBytes,
        List<GuestNic> nics) {
    public Guest {
        nics = List.copyOf(nics);
    }
}
