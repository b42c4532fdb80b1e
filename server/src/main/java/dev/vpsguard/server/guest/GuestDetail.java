package dev.vpsguard.server.guest;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * A guest with its samples, for {@code GET /api/v1/guests/{id}}.
 *
 * @param guest the guest
 * @param latest its latest sample (null if it never reported a sample)
 * @param recent the samples of the last hour held in memory, oldest first (empty after a restart
 *     until new reports arrive)
 */
@Introspected
public record GuestDetail(
        GuestView guest, @Nullable TimedSample latest, List<TimedSample> recent) {}
