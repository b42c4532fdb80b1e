package dev.vpsguard.agent;

import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.inventory.InventorySource;
import dev.vpsguard.agent.inventory.ProxmoxInventory;
import dev.vpsguard.agent.inventory.StaticInventory;
import dev.vpsguard.agent.sampling.Sampler;
import dev.vpsguard.agent.sampling.SystemSampler;
import java.time.Clock;

/** The one place that builds the host-facing adapters (inventory, sampler) from the config. */
final class HostAdapters {
    private HostAdapters() {}

    static InventorySource inventory(AgentConfig config) {
        return switch (config.inventory().mode()) {
            case PROXMOX -> new ProxmoxInventory(config.hostRoot());
            case STATIC -> new StaticInventory(config.inventory().guests());
        };
    }

    static Sampler sampler(AgentConfig config, Clock clock) {
        return new SystemSampler(config.hostRoot(), clock);
    }
}
