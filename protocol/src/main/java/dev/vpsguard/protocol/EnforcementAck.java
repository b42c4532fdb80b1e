package dev.vpsguard.protocol;

import java.util.List;

/**
 * What the agent did with a desired state.
 *
 * @param stateVersion the {@link DesiredState#version()} this ack is about
 * @param results one result per action of that state
 */
public record EnforcementAck(long stateVersion, List<ActionResult> results) {}
