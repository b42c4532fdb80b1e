package dev.vpsguard.agent.reach;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.agent.inventory.InventorySource;
import dev.vpsguard.agent.inventory.PveConfigParser;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One probing round over the host's running VMs whose config enables the QEMU guest agent, run on
 * its own thread so a slow {@code qm} never delays a report; {@link #addTo} puts the latest
 * confirmed state on each running guest of a report.
 */
public final class ReachProbes {
    private final Path root;
    private final InventorySource inventory;
    private final GuestAgentPing ping;
    private final ReachTracker tracker;
    private final Clock clock;

    public ReachProbes(
            Path root,
            InventorySource inventory,
            GuestAgentPing ping,
            ReachTracker tracker,
            Clock clock) {
        this.root = root;
        this.inventory = inventory;
        this.ping = ping;
        this.tracker = tracker;
        this.clock = clock;
    }

    /** Probes every running VM with its guest agent enabled once; never throws for a guest. */
    public void runOnce() {
        Set<Integer> probed = new HashSet<>();
        for (Guest g : inventory.load()) {
            if (g.kind() != GuestKind.QEMU || !g.running() || !agentEnabled(g.vmid())) {
                continue;
            }
            Instant at = clock.instant();
            tracker.probed(g.vmid(), ping.ping(g.vmid()), at);
            probed.add(g.vmid());
        }
        tracker.retainOnly(probed);
    }

    /** The report with each running guest's reachability, where one is known. */
    public Report addTo(Report report) {
        List<GuestSample> guests =
                report.guests().stream()
                        .map(
                                s ->
                                        s.status() != GuestStatus.RUNNING
                                                ? s
                                                : tracker.reach(s.vmid(), report.sentAt())
                                                        .map(s::withReach)
                                                        .orElse(s))
                        .toList();
        return report.withGuests(guests);
    }

    private boolean agentEnabled(int vmid) {
        Path conf = root.resolve("etc/pve/qemu-server/" + vmid + ".conf");
        try {
            String text = new String(Files.readAllBytes(conf), StandardCharsets.UTF_8);
            return GuestAgentOption.enabled(
                    PveConfigParser.parseCurrentSection(text.lines().toList()).get("agent"));
        } catch (IOException | RuntimeException e) {
            return false; // the inventory logs unreadable configs
        }
    }
}
