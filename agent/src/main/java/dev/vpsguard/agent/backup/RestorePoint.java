package dev.vpsguard.agent.backup;

import java.time.Instant;

/**
 * One backup present on a backup storage, from {@code pvesm list}.
 *
 * @param volid the volume id, e.g. {@code local:backup/vzdump-qemu-101-2025_12_02-01_00_02.vma.zst}
 * @param format {@code vma.zst}, {@code tar.zst}, {@code pbs-vm}, {@code pbs-ct}...
 * @param created when the backup was taken (from the volume name), or null when the name does not
 *     follow vzdump's scheme
 */
public record RestorePoint(
        String storage, String volid, String format, long sizeBytes, int vmid, Instant created) {}
