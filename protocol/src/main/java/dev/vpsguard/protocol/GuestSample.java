package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
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
 * @param flows the guest's outbound flow counts, all protocols, over the window (nullable: agents
 *     that do not count them, and guests not observed)
 * @param reach whether the running guest answers its host's probe (nullable: not probed, e.g. no
 *     QEMU guest agent, a container, or an agent that does not probe)
 */
public record GuestSample(
        @JsonProperty(required = true) int vmid,
        GuestKind kind,
        String name,
        GuestStatus status,
        Integer cores,
        Long memoryConfiguredBytes,
        List<GuestNic> nics,
        GuestUsage usage,
        SmtpWindow smtp,
        FlowWindow flows,
        GuestReach reach) {
    @JsonCreator
    public GuestSample {
        Check.vmid(vmid, "vmid");
        Check.required(kind, "kind");
        Check.text(name, 253, "name");
        Check.required(status, "status");
        Check.between(cores, 1, 4096, "cores");
        Check.atLeast(memoryConfiguredBytes, 0, "memoryConfiguredBytes");
        nics = Check.list(nics, 32, "nics");
    }

    /** A sample without {@link #reach()}, as agents that do not probe guests send. */
    public GuestSample(
            int vmid,
            GuestKind kind,
            String name,
            GuestStatus status,
            Integer cores,
            Long memoryConfiguredBytes,
            List<GuestNic> nics,
            GuestUsage usage,
            SmtpWindow smtp,
            FlowWindow flows) {
        this(
                vmid,
                kind,
                name,
                status,
                cores,
                memoryConfiguredBytes,
                nics,
                usage,
                smtp,
                flows,
                null);
    }

    /** A sample without {@link #flows()}, as agents that do not count outbound flows send. */
    public GuestSample(
            int vmid,
            GuestKind kind,
            String name,
            GuestStatus status,
            Integer cores,
            Long memoryConfiguredBytes,
            List<GuestNic> nics,
            GuestUsage usage,
            SmtpWindow smtp) {
        this(vmid, kind, name, status, cores, memoryConfiguredBytes, nics, usage, smtp, null, null);
    }

    /** This sample under another name (an operator renamed the guest). */
    public GuestSample withName(String name) {
        return new GuestSample(
                vmid, kind, name, status, cores, memoryConfiguredBytes, nics, usage, smtp, flows);
    }

    /** This sample with {@code smtp} set. */
    public GuestSample withSmtp(SmtpWindow smtp) {
        return new GuestSample(
                vmid, kind, name, status, cores, memoryConfiguredBytes, nics, usage, smtp, flows);
    }

    /** This sample with {@code flows} set. */
    public GuestSample withFlows(FlowWindow flows) {
        return new GuestSample(
                vmid,
                kind,
                name,
                status,
                cores,
                memoryConfiguredBytes,
                nics,
                usage,
                smtp,
                flows,
                reach);
    }

    /** This sample with {@code reach} set. */
    public GuestSample withReach(GuestReach reach) {
        return new GuestSample(
                vmid,
                kind,
                name,
                status,
                cores,
                memoryConfiguredBytes,
                nics,
                usage,
                smtp,
                flows,
                reach);
    }
}
