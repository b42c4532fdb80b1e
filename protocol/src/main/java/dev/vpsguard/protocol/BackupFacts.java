package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The host's backup facts (contract clause A4): its vzdump jobs, the outcome of each guest's recent
 * backup attempts from vzdump's task logs, and the backups present on each backup storage from
 * {@code pvesm list}. Sent now and then, not every cycle; each sending is the whole picture.
 *
 * @param collectedAt when the agent read them
 * @param jobs the enabled and disabled vzdump jobs of {@code /etc/pve/jobs.cfg} (absent = none)
 * @param runs recent backup attempts, one per guest and task (absent = none)
 * @param volumes backups present on the storages listed (absent = none)
 * @param unreadable storages whose listing failed, with the reason (absent = none)
 */
public record BackupFacts(
        Instant collectedAt,
        List<Job> jobs,
        List<Run> runs,
        List<Volume> volumes,
        List<StorageError> unreadable) {
    static final Pattern STORAGE = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

    @JsonCreator
    public BackupFacts {
        Check.required(collectedAt, "collectedAt");
        jobs = jobs == null ? List.of() : Check.list(jobs, 1000, "jobs");
        runs = runs == null ? List.of() : Check.list(runs, 100_000, "runs");
        volumes = volumes == null ? List.of() : Check.list(volumes, 100_000, "volumes");
        unreadable = unreadable == null ? List.of() : Check.list(unreadable, 1000, "unreadable");
    }

    /**
     * A vzdump job.
     *
     * @param vmids the host's guests the job takes (its {@code all}, {@code vmid} and {@code
     *     exclude} applied by the agent)
     */
    public record Job(
            String id,
            @JsonProperty(required = true) boolean enabled,
            String schedule,
            String storage,
            List<Integer> vmids) {
        @JsonCreator
        public Job {
            Check.requiredText(id, 128, "id");
            Check.text(schedule, 256, "schedule");
            Check.matches(storage, STORAGE, "storage");
            vmids = vmids == null ? List.of() : Check.list(vmids, 100_000, "vmids");
            for (int i = 0; i < vmids.size(); i++) {
                Check.vmid(vmids.get(i), "vmids[" + i + "]");
            }
        }
    }

    /** How a backup attempt ended; on the wire {@code ok}, {@code failed}, {@code incomplete}. */
    public enum Outcome {
        OK,
        FAILED,
        /** Started, neither finished nor failed: the task died or is still running. */
        INCOMPLETE;

        @JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @JsonCreator
        public static Outcome fromWire(String value) {
            for (Outcome o : values()) {
                if (o.wire().equals(value)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("must be one of ok, failed, incomplete");
        }
    }

    /**
     * One guest's backup attempt in one vzdump task.
     *
     * @param startedAt when it started (nullable: a guest that failed before starting)
     * @param endedAt when it finished or failed (nullable)
     * @param error vzdump's reason for a failure (nullable)
     */
    public record Run(
            @JsonProperty(required = true) int vmid,
            String storage,
            Instant startedAt,
            Instant endedAt,
            Outcome outcome,
            String error) {
        @JsonCreator
        public Run {
            Check.vmid(vmid, "vmid");
            Check.matches(storage, STORAGE, "storage");
            Check.required(outcome, "outcome");
            if (startedAt != null && endedAt != null && endedAt.isBefore(startedAt)) {
                throw new FieldViolation("endedAt", "must not be before startedAt");
            }
            Check.multiLineText(error, 2048, "error");
        }
    }

    /**
     * A backup on a storage.
     *
     * @param createdAt when it was taken, from its name (nullable when the name does not say)
     */
    public record Volume(
            String storage,
            String volid,
            @JsonProperty(required = true) int vmid,
            Instant createdAt,
            Long sizeBytes) {
        @JsonCreator
        public Volume {
            Check.matches(Check.required(storage, "storage"), STORAGE, "storage");
            Check.requiredText(volid, 512, "volid");
            Check.vmid(vmid, "vmid");
            Check.atLeast(sizeBytes, 0, "sizeBytes");
        }
    }

    /** A storage whose listing failed (an NFS storage offline, a PBS datastore unreachable). */
    public record StorageError(String storage, String error) {
        @JsonCreator
        public StorageError {
            Check.matches(Check.required(storage, "storage"), STORAGE, "storage");
            Check.multiLineText(Check.required(error, "error"), 2048, "error");
        }
    }
}
