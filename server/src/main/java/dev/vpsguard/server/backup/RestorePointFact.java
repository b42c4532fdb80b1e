package dev.vpsguard.server.backup;

import java.time.Instant;

/**
 * A backup present on a backup storage (from {@code pvesm list}): a point a guest can be restored
 * to.
 */
public record RestorePointFact(String guestId, String storage, String volid, Instant created) {}
