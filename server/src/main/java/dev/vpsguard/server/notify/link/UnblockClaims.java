package dev.vpsguard.server.notify.link;

import java.time.Instant;

/**
 * What a valid unblock link says.
 *
 * @param blockId the block the customer may ask to lift
 * @param guestKey {@code <hostId>/<vmid>} of the blocked guest
 * @param expiresAt after this instant the link is refused
 * @param nonce random, unique per link; recorded when the link is used so it works once
 */
public record UnblockClaims(String blockId, String guestKey, Instant expiresAt, String nonce) {}
