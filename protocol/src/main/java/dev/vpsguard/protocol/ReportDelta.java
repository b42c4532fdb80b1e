package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A report sent as what changed since the report {@code baseSeq} of the same agent instance, which
 * the server had stored (protocol 3). It carries every field of a {@link Report} as is, except that
 * each guest's inventory is left out when the base report had it the same ({@link GuestDelta}).
 * Every guest of the report is listed: a guest of the base that is absent is gone. The server
 * expands it into the full report before anything else sees it.
 *
 * @param protocolVersion 3 or later
 * @param hostId as in {@link Report}
 * @param seq as in {@link Report}
 * @param baseSeq the seq of the report this one builds on: the last one the server took from this
 *     agent instance; below {@code seq}
 * @param sentAt as in {@link Report}
 * @param host as in {@link Report}
 * @param guests every guest of the report, its inventory only when changed
 * @param unattributedSmtp as in {@link Report}
 * @param enforcementAck as in {@link Report}
 * @param agentInstance as in {@link Report} (required)
 * @param hostBootedAt as in {@link Report}
 * @param guestTasks as in {@link Report}
 * @param backups as in {@link Report}
 */
public record ReportDelta(
        @JsonProperty(required = true) int protocolVersion,
        String hostId,
        @JsonProperty(required = true) long seq,
        @JsonProperty(required = true) long baseSeq,
        Instant sentAt,
        HostSample host,
        List<GuestDelta> guests,
        SmtpWindow unattributedSmtp,
        EnforcementAck enforcementAck,
        String agentInstance,
        Instant hostBootedAt,
        List<GuestTask> guestTasks,
        BackupFacts backups) {
    /** The first protocol version with delta reports. */
    public static final int SINCE = 3;

    @JsonCreator
    public ReportDelta {
        if (protocolVersion < SINCE || protocolVersion > ProtocolJson.VERSION) {
            throw new FieldViolation(
                    "protocolVersion",
                    "is "
                            + protocolVersion
                            + "; a report with baseSeq needs version "
                            + SINCE
                            + " to "
                            + ProtocolJson.VERSION);
        }
        Check.hostId(hostId, "hostId");
        Check.atLeast(seq, 2, "seq");
        Check.between(baseSeq, 1, seq - 1, "baseSeq");
        Check.required(sentAt, "sentAt");
        Check.required(host, "host");
        Check.agentInstance(agentInstance, "agentInstance");
        guests = Check.list(guests, Report.MAX_GUESTS, "guests");
        Check.unique(guests, GuestDelta::vmid, "guests", "vmid");
        guestTasks = Check.optionalList(guestTasks, Report.MAX_GUEST_TASKS, "guestTasks");
        Check.unique(guestTasks, GuestTask::upid, "guestTasks", "upid");
    }

    /**
     * {@code next} as what changed since {@code base}: each guest's inventory only when {@code
     * base} had it otherwise (or not at all). Both must be of the same agent instance.
     */
    public static ReportDelta between(Report base, Report next) {
        if (!next.agentInstance().equals(base.agentInstance())) {
            throw new IllegalArgumentException("a delta builds on a report of the same instance");
        }
        Map<Integer, GuestInventory> before = new HashMap<>(base.guests().size() * 2);
        for (GuestSample g : base.guests()) {
            before.put(g.vmid(), GuestInventory.of(g));
        }
        List<GuestDelta> guests = new ArrayList<>(next.guests().size());
        for (GuestSample g : next.guests()) {
            guests.add(GuestDelta.of(g, GuestInventory.of(g).equals(before.get(g.vmid()))));
        }
        return new ReportDelta(
                next.protocolVersion(),
                next.hostId(),
                next.seq(),
                base.seq(),
                next.sentAt(),
                next.host(),
                guests,
                next.unattributedSmtp(),
                next.enforcementAck(),
                next.agentInstance(),
                next.hostBootedAt(),
                next.guestTasks(),
                next.backups());
    }

    /**
     * The full report this delta stands for.
     *
     * @param base each guest's inventory in the base report by vmid, null for a guest it lacks
     * @return empty when a guest sent without inventory is not in the base: the full report is
     *     needed
     */
    public Optional<Report> expand(IntFunction<GuestInventory> base) {
        List<GuestSample> samples = new ArrayList<>(guests.size());
        for (GuestDelta g : guests) {
            GuestInventory inventory =
                    g.hasInventory()
                            ? new GuestInventory(
                                    g.kind(),
                                    g.name(),
                                    g.cores(),
                                    g.memoryConfiguredBytes(),
                                    g.nics())
                            : base.apply(g.vmid());
            if (inventory == null) {
                return Optional.empty();
            }
            samples.add(g.expand(inventory));
        }
        return Optional.of(
                new Report(
                        protocolVersion,
                        hostId,
                        seq,
                        sentAt,
                        host,
                        samples,
                        unattributedSmtp,
                        enforcementAck,
                        agentInstance,
                        hostBootedAt,
                        guestTasks,
                        backups));
    }

    /** How many guests carry their inventory (new or changed since the base). */
    public long guestsWithInventory() {
        return guests.stream().filter(GuestDelta::hasInventory).count();
    }
}
