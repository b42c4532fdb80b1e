/**
 * Enforcement on the host (docs/design.md "Enforcement on the host", recipe in docs/lab.md).
 *
 * <p>Pure core: {@link dev.vpsguard.agent.enforce.PortPlanner} maps a desired state onto bridge
 * ports, {@link dev.vpsguard.agent.enforce.NftablesRenderer} writes the agent's four {@code
 * vpsguard} tables as one {@code nft -f} script. Thin adapters run the tools: {@link
 * dev.vpsguard.agent.enforce.NftablesApplier} ({@code nft}), {@link
 * dev.vpsguard.agent.enforce.RouteBack} ({@code ip}), {@link
 * dev.vpsguard.agent.enforce.ConntrackFlowCleaner} ({@code conntrack}), {@link
 * dev.vpsguard.agent.enforce.ProxmoxGuestControl} ({@code qm}/{@code pct}), all through a {@link
 * dev.vpsguard.agent.enforce.CommandRunner}. {@link dev.vpsguard.agent.enforce.Reconciler} ties
 * them together; {@link dev.vpsguard.agent.enforce.NoticeResponder} answers blocked guests.
 *
 * <p>Decisions written down here:
 *
 * <ul>
 *   <li>Bridge prerouting (priority -300) order: isolated ports jump to {@code isolate} (ARP and
 *       IPv6 neighbour discovery and allowed destinations {@code return}, the rest is dropped),
 *       throttled ports jump to {@code throttle} ({@code limit rate over} bytes/s and packets/s,
 *       excess dropped), then the SMTP fallback drop, then the mark. Port membership is in {@code
 *       ifname} sets, so 10,000 blocked ports cost one hash lookup per packet.
 *   <li>IPv6 is redirected like IPv4 ({@code ip6 vpsguard} DNAT to the responder's IPv6 address,
 *       {@code /128} routes back behind an {@code ip -6 rule}). Without an IPv6 responder address,
 *       or while the responder cannot bind it, blocked ports' IPv6 port-25 traffic is dropped
 *       (nothing would DNAT it), and the action is acked {@code degraded} when the guest has IPv6
 *       addresses.
 *   <li>Notice book order: a block's notice is entered before the script redirecting it is applied,
 *       and removed only after the script without it is applied, so the responder never answers a
 *       redirected guest with the generic text.
 *   <li>Drift: after each apply the agent lists the ruleset once ({@code nft -j list ruleset}: one
 *       process, where a listing per table costs four; nft 1.0.6 cannot batch {@code list} in one
 *       script), keeps its own four tables and a normalized copy (no handles, no counter values,
 *       set elements sorted; rule order kept), see {@link
 *       dev.vpsguard.agent.enforce.NftJsonNormalizer}. Each check lists again and compares; any
 *       difference re-applies the whole last script.
 *   <li>Routes back: {@code ip rule add from <responder> ipproto tcp sport <port> lookup 4025
 *       priority 4025} (iproute2 >= 4.17 and kernel >= 4.17 support {@code ipproto}/{@code sport};
 *       checked on iproute2 6.1) and {@code /32} ({@code /128}) routes {@code dev <bridge>} in
 *       table 4025. Reachability is checked with {@code ip route get <guest> from <responder>
 *       ipproto tcp sport <port>}, which proves the routing path, not that the guest answers ARP.
 *       Hosts with strict reverse-path filtering ({@code rp_filter=1}) on the bridge may still drop
 *       guests outside the host's subnets: loose mode (2) is needed (not verified on a Proxmox
 *       host).
 * </ul>
 */
package dev.vpsguard.agent.enforce;
