package dev.vpsguard.server.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vpsguard.protocol.GuestInventory;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.ReportDelta;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last report stored from each host, as far as a delta report needs it: its agent instance, seq
 * and each guest's inventory. Kept in memory for the hosts reporting now (bounded by guests, so a
 * large fleet costs tens of MiB at most), and rebuilt from the database when absent (a restart, an
 * eviction): the agent instance's last seq and sentAt, and the guests stored with that sentAt. So a
 * restarted server expands deltas too; only a base it cannot find asks for a full report.
 */
@Singleton
public class ReportBases {
    /** Guests kept in memory over all hosts (~0.3 KiB each: the inventory of the last report). */
    static final long MAX_GUESTS_IN_MEMORY = 200_000;

    private static final TypeReference<List<GuestNic>> NICS = new TypeReference<>() {};

    private final AgentInstanceRepository instances;
    private final GuestRepository guests;
    private final Cache<String, Base> bases =
            Caffeine.newBuilder()
                    .maximumWeight(MAX_GUESTS_IN_MEMORY)
                    .<String, Base>weigher((host, base) -> 1 + base.guests().size())
                    .build();

    /**
     * @param instance the agent instance of the report
     * @param seq its seq
     * @param guests vmid → inventory of each of its guests
     */
    record Base(String instance, long seq, Map<Integer, GuestInventory> guests) {}

    public ReportBases(AgentInstanceRepository instances, GuestRepository guests) {
        this.instances = instances;
        this.guests = guests;
    }

    /**
     * The full report {@code delta} stands for, or empty when its base is not the last report
     * stored from its host and agent instance, or lacks a guest it leaves the inventory out of.
     */
    public Optional<Report> expand(ReportDelta delta) {
        Base base = bases.getIfPresent(delta.hostId());
        if (!isBaseOf(base, delta)) {
            base = fromDatabase(delta.hostId(), delta.agentInstance(), delta.baseSeq());
        }
        if (!isBaseOf(base, delta)) {
            return Optional.empty();
        }
        return delta.expand(base.guests()::get);
    }

    private static boolean isBaseOf(Base base, ReportDelta delta) {
        return base != null
                && base.seq() == delta.baseSeq()
                && base.instance().equals(delta.agentInstance());
    }

    /** Remembers a stored report as its host's base (after its transaction committed). */
    public void stored(Report report) {
        if (report.agentInstance() == null) {
            // Protocol 1 agents send no deltas.
            bases.invalidate(report.hostId());
            return;
        }
        Map<Integer, GuestInventory> byVmid = new HashMap<>(report.guests().size() * 2);
        for (GuestSample g : report.guests()) {
            byVmid.put(g.vmid(), GuestInventory.of(g));
        }
        bases.put(report.hostId(), new Base(report.agentInstance(), report.seq(), byVmid));
    }

    /**
     * The base as the database has it: only when {@code seq} is the instance's last stored report,
     * from the guests stored with that report's sentAt (each report writes all its guests with it).
     */
    private Base fromDatabase(String hostId, String instance, long seq) {
        AgentInstanceRow last =
                instances.findByHostIdAndAgentInstance(hostId, instance).orElse(null);
        if (last == null || last.lastSeq() != seq) {
            return null;
        }
        Map<Integer, GuestInventory> byVmid = new HashMap<>();
        for (Guest g : guests.findByHostIdOrderByVmid(hostId)) {
            if (g.lastSeenAt().equals(last.lastSentAt())) {
                byVmid.put(g.vmid(), inventory(g));
            }
        }
        Base base = new Base(instance, seq, byVmid);
        bases.put(hostId, base);
        return base;
    }

    private static GuestInventory inventory(Guest g) {
        List<GuestNic> nics;
        try {
            nics =
                    g.nics() == null
                            ? List.of()
                            : ProtocolJson.mapper()
                                    .readValue(g.nics().getBytes(StandardCharsets.UTF_8), NICS);
        } catch (IOException e) {
            throw new IllegalStateException("stored nics of guest " + g.id() + " unreadable", e);
        }
        return new GuestInventory(
                GuestKind.fromWire(g.kind()), g.name(), g.cores(), g.memoryBytes(), nics);
    }
}
