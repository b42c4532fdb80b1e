package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * Counts of one guest's new outbound flows of every protocol (TCP, UDP, ICMP) over one window, the
 * raw material of scan and intrusion detection (contract clause R6). Counts only: no address, port
 * pair or per-flow record ever leaves the host (contract clause S4); the maxima below are taken on
 * the host over its own sets.
 *
 * @param start window start (inclusive)
 * @param end window end (exclusive)
 * @param newFlows outbound flows opened (conntrack NEW), all protocols
 * @param distinctDestinations distinct destination addresses
 * @param distinctDestinationPorts distinct (destination address, destination port) pairs; ICMP
 *     counts as port 0
 * @param maxPortsOnOneDestination the most distinct ports opened on a single destination address (a
 *     vertical scan's signature)
 * @param maxDestinationsOnOnePort the most distinct destination addresses opened on a single port
 *     (a horizontal scan's signature)
 * @param failed TCP attempts never answered by a handshake (RST, ICMP unreachable, no answer) and
 *     UDP flows never answered
 * @param services new flows to the sensitive services the agent watches for brute force (SSH, RDP,
 *     SMTP submission and the like), one entry per port that saw any
 */
public record FlowWindow(
        Instant start,
        Instant end,
        @JsonProperty(required = true) long newFlows,
        @JsonProperty(required = true) long distinctDestinations,
        @JsonProperty(required = true) long distinctDestinationPorts,
        @JsonProperty(required = true) long maxPortsOnOneDestination,
        @JsonProperty(required = true) long maxDestinationsOnOnePort,
        @JsonProperty(required = true) long failed,
        List<ServiceAttempts> services) {
    @JsonCreator
    public FlowWindow {
        Check.required(start, "start");
        Check.required(end, "end");
        if (end.isBefore(start)) {
            throw new FieldViolation("end", "must not be before start");
        }
        Check.atLeast(newFlows, 0, "newFlows");
        Check.atLeast(distinctDestinations, 0, "distinctDestinations");
        Check.atLeast(distinctDestinationPorts, 0, "distinctDestinationPorts");
        Check.atLeast(maxPortsOnOneDestination, 0, "maxPortsOnOneDestination");
        Check.atLeast(maxDestinationsOnOnePort, 0, "maxDestinationsOnOnePort");
        Check.atLeast(failed, 0, "failed");
        if (distinctDestinations > distinctDestinationPorts) {
            throw new FieldViolation(
                    "distinctDestinations", "must not exceed distinctDestinationPorts");
        }
        if (maxPortsOnOneDestination > distinctDestinationPorts) {
            throw new FieldViolation(
                    "maxPortsOnOneDestination", "must not exceed distinctDestinationPorts");
        }
        if (maxDestinationsOnOnePort > distinctDestinations) {
            throw new FieldViolation(
                    "maxDestinationsOnOnePort", "must not exceed distinctDestinations");
        }
        services = services == null ? List.of() : Check.list(services, 64, "services");
    }

    /**
     * New flows of one window to one watched service port.
     *
     * @param port the destination port (TCP)
     * @param attempts new flows to this port, all destinations
     * @param maxAttemptsToOneDestination the most new flows to this port on a single destination
     *     address (brute force's signature)
     */
    public record ServiceAttempts(
            @JsonProperty(required = true) int port,
            @JsonProperty(required = true) long attempts,
            @JsonProperty(required = true) long maxAttemptsToOneDestination) {
        public ServiceAttempts {
            Check.between(port, 1, 65535, "port");
            Check.atLeast(attempts, 0, "attempts");
            Check.atLeast(maxAttemptsToOneDestination, 0, "maxAttemptsToOneDestination");
            if (maxAttemptsToOneDestination > attempts) {
                throw new FieldViolation("maxAttemptsToOneDestination", "must not exceed attempts");
            }
        }
    }
}
