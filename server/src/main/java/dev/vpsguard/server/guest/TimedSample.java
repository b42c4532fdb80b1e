package dev.vpsguard.server.guest;

import dev.vpsguard.protocol.GuestSample;
import io.micronaut.core.annotation.Introspected;
import java.time.Instant;

/**
 * One guest sample and when the agent took it.
 *
 * @param at the report's {@code sentAt}
 * @param sample the guest's sample in that report
 */
@Introspected
public record TimedSample(Instant at, GuestSample sample) {}
