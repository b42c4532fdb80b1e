package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One Proxmox task that changed a guest's power state (start, stop, shutdown, reboot...), read from
 * the host's task log ({@code /var/log/pve/tasks/index} and {@code active}): who asked for it is
 * what tells a customer's own stop from the provider's.
 *
 * @param upid Proxmox's unique task id ({@code UPID:node:pid:pstart:starttime:type:id:user:})
 * @param vmid the guest the task acted on
 * @param type Proxmox's task type: {@code qmstart}, {@code qmstop}, {@code qmshutdown}, {@code
 *     vzstop}...
 * @param user the Proxmox user or API token that ran it ({@code root@pam}, {@code client42@pve},
 *     {@code root@pam!vpsguard})
 * @param startedAt when the task started
 * @param endedAt when it ended (nullable: still running)
 * @param status the task's final status ({@code OK}, {@code ERROR: ...}; nullable while running)
 */
public record GuestTask(
        String upid,
        @JsonProperty(required = true) int vmid,
        String type,
        String user,
        Instant startedAt,
        Instant endedAt,
        String status) {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    @JsonCreator
    public GuestTask {
        Check.requiredText(upid, 256, "upid");
        Check.vmid(vmid, "vmid");
        Check.matches(Check.required(type, "type"), TYPE, "type");
        Check.requiredText(user, 128, "user");
        Check.required(startedAt, "startedAt");
        if (endedAt != null && endedAt.isBefore(startedAt)) {
            throw new FieldViolation("endedAt", "must not be before startedAt");
        }
        Check.text(status, 512, "status");
    }
}
