package dev.vpsguard.server.decision.smtp;

import dev.vpsguard.server.detect.SpamGuestState;
import dev.vpsguard.server.ladder.SmtpLadderState;
import java.time.Instant;

/**
 * What the server holds in memory about one guest between reports: the spam detector's windows and
 * the guest's ladder state with the version it was read or written at. Guarded by its own monitor.
 */
public final class GuestMemory {
    public final String guestId;
    public final String hostId;
    public final int vmid;

    /** Replaced when a block lifts: the evidence before it was consumed by that block. */
    SpamGuestState spam = new SpamGuestState();

    /**
     * Whether {@link #spam} was rebuilt from the stored windows ({@link SpamDetection}); false
     * until the guest's first window after a start or an eviction.
     */
    boolean spamRebuilt;

    SmtpLadderState ladder;

    /** When the guest's last finding-only notice was raised ({@link VolumeNotices}); null: none. */
    Instant volumeNoticeAt;

    /** Whether {@link #volumeNoticeAt} was read from the stored findings. */
    boolean volumeNoticeLoaded;

    /** The persisted version {@link #ladder} matches; 0 when no row exists yet. */
    long version;

    /** The guest's tenant (null when none); kept current by {@link LadderService#tenantChanged}. */
    public volatile String tenantId;

    GuestMemory(
            String guestId,
            String hostId,
            int vmid,
            String tenantId,
            SmtpLadderState ladder,
            long version) {
        this.guestId = guestId;
        this.hostId = hostId;
        this.vmid = vmid;
        this.tenantId = tenantId;
        this.ladder = ladder;
        this.version = version;
    }
}
