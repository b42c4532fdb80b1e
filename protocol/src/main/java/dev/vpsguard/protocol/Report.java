package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * One report from an agent: everything it measured on its host in one cycle.
 *
 * @param protocolVersion the wire version the agent speaks ({@link ProtocolJson#VERSION})
 * @param hostId the host's id, as given at enrolment
 * @param seq rises by one per report from this host, starting at 1; the server is idempotent on
 *     (hostId, seq)
 * @param sentAt when the agent built the report (its clock)
 * @param host the host's own figures
 * @param guests one sample per guest in the inventory
 * @param unattributedSmtp SMTP flows whose source matched no guest, counted (nullable)
 * @param enforcementAck what the agent did with the last desired state it received (nullable)
 * @param agentInstance the agent's instance id: a random UUID made when the agent's state was
 *     created, so the server tells a restarted numbering from a replay (required from version 2,
 *     absent in version 1)
 * @param hostBootedAt when the host last booted (nullable: agents that do not say); a boot inside a
 *     silence tells the server the host was down, not just unheard
 * @param guestTasks the host's recent guest power tasks from Proxmox's task log (nullable: agents
 *     that do not read it, and hosts that are not Proxmox)
 * @param backups the host's backup facts (nullable: sent now and then, not in every report)
 */
public record Report(
        @JsonProperty(required = true) int protocolVersion,
        String hostId,
        @JsonProperty(required = true) long seq,
        Instant sentAt,
        HostSample host,
        List<GuestSample> guests,
        SmtpWindow unattributedSmtp,
        EnforcementAck enforcementAck,
        String agentInstance,
        Instant hostBootedAt,
        List<GuestTask> guestTasks,
        BackupFacts backups) {
    /** Most guests one report may carry. */
    public static final int MAX_GUESTS = 5000;

    /** The first version whose reports carry {@code agentInstance}. */
    public static final int AGENT_INSTANCE_SINCE = 2;

    /** Most guest tasks one report may carry. */
    public static final int MAX_GUEST_TASKS = 1000;

    @JsonCreator
    public Report {
        if (protocolVersion < ProtocolJson.OLDEST_VERSION
                || protocolVersion > ProtocolJson.VERSION) {
            throw new FieldViolation(
                    "protocolVersion",
                    "unsupported version "
                            + protocolVersion
                            + "; this build speaks "
                            + ProtocolJson.OLDEST_VERSION
                            + " to "
                            + ProtocolJson.VERSION);
        }
        if (protocolVersion >= AGENT_INSTANCE_SINCE) {
            Check.agentInstance(agentInstance, "agentInstance");
        } else if (agentInstance != null) {
            // Named as the version, not the instance: a sender that fills agentInstance speaks 2.
            throw new FieldViolation(
                    "protocolVersion",
                    "is "
                            + protocolVersion
                            + ", which has no agentInstance (added in version "
                            + AGENT_INSTANCE_SINCE
                            + ")");
        }
        Check.hostId(hostId, "hostId");
        Check.atLeast(seq, 1, "seq");
        Check.required(sentAt, "sentAt");
        Check.required(host, "host");
        guests = Check.list(guests, MAX_GUESTS, "guests");
        Check.unique(guests, GuestSample::vmid, "guests", "vmid");
        guestTasks = Check.optionalList(guestTasks, MAX_GUEST_TASKS, "guestTasks");
        Check.unique(guestTasks, GuestTask::upid, "guestTasks", "upid");
    }

    /** A report without host facts, as agents that do not read Proxmox's task log send. */
    public Report(
            int protocolVersion,
            String hostId,
            long seq,
            Instant sentAt,
            HostSample host,
            List<GuestSample> guests,
            SmtpWindow unattributedSmtp,
            EnforcementAck enforcementAck,
            String agentInstance) {
        this(
                protocolVersion,
                hostId,
                seq,
                sentAt,
                host,
                guests,
                unattributedSmtp,
                enforcementAck,
                agentInstance,
                null,
                null,
                null);
    }

    /** This report with the host's boot time and its recent guest power tasks. */
    public Report withHostFacts(Instant bootedAt, List<GuestTask> tasks) {
        return new Report(
                protocolVersion,
                hostId,
                seq,
                sentAt,
                host,
                guests,
                unattributedSmtp,
                enforcementAck,
                agentInstance,
                bootedAt,
                tasks,
                backups);
    }

    /** This report with the host's backup facts. */
    public Report withBackups(BackupFacts facts) {
        return new Report(
                protocolVersion,
                hostId,
                seq,
                sentAt,
                host,
                guests,
                unattributedSmtp,
                enforcementAck,
                agentInstance,
                hostBootedAt,
                guestTasks,
                facts);
    }

    /** This report with {@code guests} in place of its own (same vmids, facts added). */
    public Report withGuests(List<GuestSample> guests) {
        return new Report(
                protocolVersion,
                hostId,
                seq,
                sentAt,
                host,
                guests,
                unattributedSmtp,
                enforcementAck,
                agentInstance,
                hostBootedAt,
                guestTasks,
                backups);
    }
}
