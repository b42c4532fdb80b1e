package dev.vpsguard.server.notify;

import java.util.Arrays;
import java.util.Locale;

/**
 * What happened. The wire name ({@link #wireName()}) is what webhooks carry in {@code type} and
 * what operators list in {@code vpsguard.webhooks[].events}.
 */
public enum NotificationType {
    BLOCK_CREATED(true, SmtpNotification.BlockCreated.class),
    UNBLOCK_GRANTED(true, SmtpNotification.UnblockGranted.class),
    UNBLOCK_SCHEDULED(true, SmtpNotification.UnblockScheduled.class),
    UNBLOCK_REFUSED(true, SmtpNotification.UnblockRefused.class),
    /** Support only: the customer already learns it from the strike-3 block mail. */
    STRIKE3_REACHED(false, SmtpNotification.RefusalRungReached.class),
    /** Support only: a destructive step waits for an operator. */
    ACTION_PENDING_APPROVAL(false, ResourceNotification.ActionPendingApproval.class),
    /** A resource action (throttle, isolation, suspension) is in force: the agent acked it. */
    ACTION_APPLIED(true, ResourceNotification.ActionApplied.class),
    /** Support only: the host could not apply an action. */
    ACTION_FAILED(false, ResourceNotification.ActionFailed.class),
    /** A resource quota is exceeded: the first step of the resource ladder, nothing enforced. */
    RESOURCE_WARNING(true, ResourceNotification.ResourceWarning.class),
    /** Support only: what a dry-run policy would have done; nothing was enforced or mailed. */
    ACTION_DRY_RUN(false, ResourceNotification.ActionDryRun.class),
    /** A resource action the customer was told about was lifted. */
    ACTION_LIFTED(true, ResourceNotification.ActionLifted.class),
    /** Support only: a host stopped reporting for longer than allowed. About a host, no guest. */
    HOST_SILENT(false, Notification.HostSilent.class),
    /** Support only: a host that was silent reports again. About a host, no guest. */
    HOST_BACK(false, Notification.HostBack.class),
    /**
     * Unusual SMTP volume with no sign of spam (no failures, no fan-out): nothing blocked, the
     * customer is asked to declare the sender.
     */
    VOLUME_FINDING(true, SmtpNotification.VolumeFinding.class),
    /** Support only: a guest's month so far is below its contract's availability target. */
    AVAILABILITY_BELOW_TARGET(false, AvailabilityNotification.BelowTarget.class),
    /** Support only: an outage lasts longer than the contract's maximum. */
    OUTAGE_TOO_LONG(false, AvailabilityNotification.OutageTooLong.class),
    /** The customer's monthly availability statement, with the credit owed if any. */
    AVAILABILITY_STATEMENT(true, AvailabilityNotification.MonthlyStatement.class),
    /**
     * Support only: a guest's backups break its contract's promise (no recent success, too few
     * points).
     */
    BACKUP_FINDING(false, AvailabilityNotification.BackupFindingRaised.class);

    private final boolean customerFacing;
    private final Class<? extends Notification> event;

    NotificationType(boolean customerFacing, Class<? extends Notification> event) {
        this.customerFacing = customerFacing;
        this.event = event;
    }

    /** The type whose event {@code n} is: each type has one record. */
    static NotificationType of(Notification n) {
        for (NotificationType t : values()) {
            if (t.event == n.getClass()) {
                return t;
            }
        }
        throw new IllegalStateException("no type for " + n.getClass().getSimpleName());
    }

    /** Whether the event is about a whole host rather than one guest (no guest, no tenant). */
    public boolean hostLevel() {
        return this == HOST_SILENT || this == HOST_BACK;
    }

    /** Whether the tenant's contact gets an email for this type (contract N1). */
    public boolean customerFacing() {
        return customerFacing;
    }

    /**
     * The lower-case name used on the wire and in template file names, e.g. {@code block_created}.
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name.
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static NotificationType fromWireName(String name) {
        for (NotificationType t : values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "unknown notification type '"
                        + name
                        + "', expected one of "
                        + Arrays.stream(values()).map(NotificationType::wireName).toList());
    }
}
