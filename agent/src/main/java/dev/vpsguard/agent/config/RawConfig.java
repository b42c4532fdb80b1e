package dev.vpsguard.agent.config;

import java.util.List;

/**
 * The agent's YAML file as written, before defaults and validation. Every field is nullable: null
 * means "not given". Jackson binds these records strictly (unknown keys are errors); {@link
 * AgentConfigLoader} turns them into an {@link AgentConfig}.
 */
record RawConfig(
        Server server,
        Integer intervalSeconds,
        String hostRoot,
        Inventory inventory,
        Spool spool,
        Metrics metrics,
        String stateDir,
        Enforcement enforcement,
        Smtp smtp) {

    record Server(
            String url,
            String credentialFile,
            String caFile,
            Integer connectTimeoutSeconds,
            Integer readTimeoutSeconds) {}

    record Inventory(String mode, List<Guest> guests) {}

    record Guest(
            Integer vmid,
            String kind,
            String name,
            Integer cores,
            Long memoryMiB,
            List<Nic> nics) {}

    record Nic(
            String id,
            String iface,
            String mac,
            String bridge,
            Boolean firewall,
            List<String> ips) {}

    record Spool(String dir, Long maxBytes, Integer maxRejected) {}

    record Metrics(String bind, Integer port) {}

    record Enforcement(
            Boolean enabled,
            String responderAddress,
            String responderAddress6,
            String responderBridge,
            Integer responderPort,
            String markBit,
            Integer routeTable,
            List<String> isolationAllowed,
            String guestControl,
            Boolean setBridgeNfCall) {}

    record Smtp(
            Boolean enabled,
            Integer preAlertConnections,
            Integer preAlertSeconds,
            Integer answerDeadlineSeconds,
            Replay replay) {}

    record Replay(String file, Boolean loop, Integer gapSeconds, Integer speed) {}
}
