package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What the agent did with a desired state.
 *
 * @param stateVersion the {@link DesiredState#version()} this ack is about
 * @param results one result per action of that state
 */
public record EnforcementAck(
        @JsonProperty(required = true) long stateVersion, List<ActionResult> results) {
    public EnforcementAck {
        Check.atLeast(stateVersion, 0, "stateVersion");
        results = Check.list(results, 100_000, "results");
    }
}
