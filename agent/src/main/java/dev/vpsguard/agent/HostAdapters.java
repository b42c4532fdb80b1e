package dev.vpsguard.agent;

import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.enforce.BridgeAddress;
import dev.vpsguard.agent.enforce.CgroupGuestControl;
import dev.vpsguard.agent.enforce.Cidr;
import dev.vpsguard.agent.enforce.CommandRunner;
import dev.vpsguard.agent.enforce.ConntrackFlowCleaner;
import dev.vpsguard.agent.enforce.DesiredStateStore;
import dev.vpsguard.agent.enforce.EnforcementConfig;
import dev.vpsguard.agent.enforce.GuestControl;
import dev.vpsguard.agent.enforce.HostEnforcement;
import dev.vpsguard.agent.enforce.NftablesApplier;
import dev.vpsguard.agent.enforce.NoGuestControl;
import dev.vpsguard.agent.enforce.NoticeBook;
import dev.vpsguard.agent.enforce.NoticeResponder;
import dev.vpsguard.agent.enforce.NoticeResponderConfig;
import dev.vpsguard.agent.enforce.ProxmoxGuestControl;
import dev.vpsguard.agent.enforce.Reconciler;
import dev.vpsguard.agent.enforce.RouteBack;
import dev.vpsguard.agent.enforce.SystemCommandRunner;
import dev.vpsguard.agent.inventory.InventorySource;
import dev.vpsguard.agent.inventory.ProxmoxInventory;
import dev.vpsguard.agent.inventory.StaticInventory;
import dev.vpsguard.agent.sampling.Sampler;
import dev.vpsguard.agent.sampling.SystemSampler;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that builds the host-facing adapters (inventory, sampler, enforcement) from the
 * config.
 */
public final class HostAdapters {
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

    /** The enforcement section as the enforcement core takes it. */
    public static EnforcementConfig enforcementConfig(
            AgentConfig.Enforcement e, String responder, String responder6) {
        return new EnforcementConfig(
                responder,
                responder6,
                e.responderPort(),
                e.markBit(),
                true,
                e.isolationAllowed().stream().map(Cidr::parse).toList(),
                e.routeTable(),
                EnforcementConfig.DEFAULT_RULE_PRIORITY);
    }

    /**
     * The responder's address: the configured one, else the first IPv4 address of the bridge.
     *
     * @throws IOException when not configured and the bridge has none
     */
    static String responderAddress(AgentConfig.Enforcement e, CommandRunner runner)
            throws IOException {
        return e.responderAddress() != null
                ? e.responderAddress().getHostAddress()
                : BridgeAddress.of(runner, e.responderBridge());
    }

    /** The responder's IPv6 address: the configured one, else the bridge's, else null. */
    static String responderAddress6(AgentConfig.Enforcement e, CommandRunner runner) {
        return e.responderAddress6() != null
                ? e.responderAddress6().getHostAddress()
                : BridgeAddress.ipv6Of(runner, e.responderBridge()).orElse(null);
    }

    /**
     * The agent's enforcement, not started; only when {@code enforcement.enabled}.
     *
     * @throws IOException when the responder address is not configured and cannot be found
     */
    static HostEnforcement enforcement(
            AgentConfig config, InventorySource inventory, CollectorRegistry registry, Clock clock)
            throws IOException {
        AgentConfig.Enforcement e = config.enforcement();
        CommandRunner runner = SystemCommandRunner.host();
        String address = responderAddress(e, runner);
        String address6 = responderAddress6(e, runner);
        EnforcementConfig ec = enforcementConfig(e, address, address6);
        GuestControl control =
                switch (e.guestControl()) {
                    case QM -> new ProxmoxGuestControl(runner);
                    case CGROUP ->
                            new CgroupGuestControl(config.hostRoot().resolve("sys/fs/cgroup"));
                    case NONE -> new NoGuestControl();
                };
        List<InetSocketAddress> binds = new ArrayList<>();
        binds.add(new InetSocketAddress(InetAddress.getByName(address), e.responderPort()));
        if (address6 != null) {
            binds.add(new InetSocketAddress(InetAddress.getByName(address6), e.responderPort()));
        }
        NoticeBook notices = new NoticeBook();
        NoticeResponder responder =
                new NoticeResponder(
                        NoticeResponderConfig.defaults(binds.toArray(InetSocketAddress[]::new)),
                        notices);
        DesiredStateStore store = new DesiredStateStore(config.stateDir());
        Reconciler reconciler =
                new Reconciler(
                        ec,
                        inventory,
                        new NftablesApplier(runner),
                        new RouteBack(runner, ec),
                        new ConntrackFlowCleaner(runner),
                        control,
                        store,
                        notices,
                        responder::isListening,
                        clock);
        Counter drift =
                Counter.build(
                                "vpsguard_agent_nft_drift_repairs_total",
                                "Cycles in which the vpsguard nftables tables had drifted and"
                                        + " were re-applied.")
                        .register(registry);
        return new HostEnforcement(
                reconciler, responder, store, address + ":" + e.responderPort(), drift);
    }
}
