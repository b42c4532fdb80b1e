package dev.vpsguard.protocol;

import java.util.List;

/**
 * One guest (VM or container) in one cycle.
 *
 * @param vmid Proxmox guest id
 * @param kind qemu or lxc
 * @param name the guest's name from its config (nullable)
 * @param status running, stopped or unknown
 * @param cores vCPUs allocated (sockets × cores, or vcpus) (nullable)
 * @param memoryConfiguredBytes memory allocated in the config, bytes (nullable)
 * @param nics the guest's network interfaces as the host knows them
 * @param usage measured use over the cycle (nullable when nothing could be measured)
 * @param smtp the guest's outbound SMTP counts over the window (nullable when not observed)
 */
public record GuestSample(
        int vmid,
        GuestKind kind,
        String name,
        GuestStatus status,
        Integer cores,
        Long memoryConfiguredBytes,
        List<GuestNic> nics,
        GuestUsage usage,
        SmtpWindow smtp) {}
