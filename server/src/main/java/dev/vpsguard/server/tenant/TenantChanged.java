package dev.vpsguard.server.tenant;

/**
 * A guest was assigned to another tenant (or to none: {@code tenantId} null). Published in the
 * assigning transaction, synchronously, so that whoever holds the guest's tenant in memory (the
 * ladders) follows before the next report, without {@code tenant} depending on them.
 */
public record TenantChanged(String guestId, String tenantId) {}
