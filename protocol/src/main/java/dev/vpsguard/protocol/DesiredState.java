package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * The whole enforcement state the server wants on one host. The agent reconciles to it as a whole;
 * an action absent from the list is lifted.
 *
 * @param version rises whenever the state changes; 0 is the empty initial state
 * @param issuedAt when the server computed it
 * @param actions every action in force on this host
 */
public record DesiredState(
        @JsonProperty(required = true) long version,
        Instant issuedAt,
        List<DesiredAction> actions) {
    public DesiredState {
        Check.atLeast(version, 0, "version");
        Check.required(issuedAt, "issuedAt");
        actions = Check.list(actions, 100_000, "actions");
        Check.unique(actions, DesiredAction::id, "actions", "id");
    }
}
