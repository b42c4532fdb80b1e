package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Whether a running guest answers from its host, as the agent judges it after probing: the fact
 * that tells "running" from "available" in the availability ledger (docs/decisions.md,
 * "Availability and backups").
 *
 * @param via how the agent asked: {@code guest-agent} ({@code qm guest cmd <vmid> ping} through the
 *     QEMU guest agent)
 * @param answered false once the guest has missed the agent's confirmation count of probes in a
 *     row; true while it answers
 * @param since when the guest entered this state: the first probe of the unanswered run, or the
 *     answer that ended one (or the first answer the agent saw)
 */
public record GuestReach(
        String via, @JsonProperty(required = true) boolean answered, Instant since) {
    /** The one method agents use today. */
    public static final String GUEST_AGENT = "guest-agent";

    @JsonCreator
    public GuestReach {
        Check.required(via, "via");
        if (!via.equals(GUEST_AGENT)) {
            throw new FieldViolation("via", "must be " + GUEST_AGENT);
        }
        Check.required(since, "since");
    }
}
