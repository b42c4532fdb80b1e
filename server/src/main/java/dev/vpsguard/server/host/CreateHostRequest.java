package dev.vpsguard.server.host;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * Body of {@code POST /api/v1/hosts}.
 *
 * @param name the operator's name for the host, 1 to 200 characters
 */
@Introspected
public record CreateHostRequest(@Nullable String name) {}
