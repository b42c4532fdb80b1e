package dev.vpsguard.protocol;

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
public record DesiredState(long version, Instant issuedAt, List<DesiredAction> actions) {}
