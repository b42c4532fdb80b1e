package dev.vpsguard.server.tenant;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/** A guest's tenant, read for a whole host at once when its guests are first seen. */
@Introspected
public record GuestTenant(String guestId, @Nullable String tenantId) {}
