package dev.vpsguard.server.guest;

import io.micronaut.core.annotation.Introspected;

/**
 * A guest's id and vmid, read for a whole host at once: what ingest needs to tell updated guests
 * from new ones without reading each guest's stored sample.
 */
@Introspected
public record GuestKey(String id, int vmid) {}
