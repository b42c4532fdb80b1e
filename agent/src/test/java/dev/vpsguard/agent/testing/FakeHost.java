package dev.vpsguard.agent.testing;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.agent.inventory.InventorySource;
import dev.vpsguard.agent.sampling.Sampler;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.GuestStatus;
import dev.vpsguard.protocol.GuestUsage;
import dev.vpsguard.protocol.HostSample;
import java.util.List;

/** A fixed inventory and sampler: two guests with known figures. */
public final class FakeHost implements InventorySource, Sampler {
    public static final List<Guest> GUESTS =
            List.of(
                    new Guest(
                            101,
                            GuestKind.QEMU,
                            "web1",
                            true,
                            2,
                            2048L << 20,
                            List.of(
                                    new GuestNic(
                                            "net0",
                                            "tap101i0",
                                            "bc:24:11:00:01:01",
                                            "vmbr0",
                                            false,
                                            List.of("203.0.113.10")))),
                    new Guest(200, GuestKind.LXC, "ct1", true, 1, 512L << 20, List.of()));

    @Override
    public List<Guest> load() {
        return GUESTS;
    }

    @Override
    public HostSample sampleHost() {
        return new HostSample(
                12.5, 8, 0.5, 0.4, 0.3, 16L << 30, 8L << 30, 0L, 0L, List.of(), List.of());
    }

    @Override
    public List<GuestSample> sampleGuests(List<Guest> guests) {
        return guests.stream()
                .map(
                        g ->
                                new GuestSample(
                                        g.vmid(),
                                        g.kind(),
                                        g.name(),
                                        GuestStatus.RUNNING,
                                        g.cores(),
                                        g.memoryBytes(),
                                        g.nics(),
                                        new GuestUsage(
                                                0.5,
                                                100L << 20,
                                                null,
                                                1000.0,
                                                2000.0,
                                                10.0,
                                                20.0,
                                                5120.0,
                                                4096.0,
                                                50.0,
                                                40.0),
                                        null))
                .toList();
    }
}
