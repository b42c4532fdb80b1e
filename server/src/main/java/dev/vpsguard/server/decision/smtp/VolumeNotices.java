package dev.vpsguard.server.decision.smtp;

import dev.vpsguard.server.audit.AuditLog;
import dev.vpsguard.server.decision.Decision;
import dev.vpsguard.server.decision.DecisionPublisher;
import dev.vpsguard.server.decision.FindingRepository;
import dev.vpsguard.server.decision.FindingRow;
import dev.vpsguard.server.decision.LadderJson;
import dev.vpsguard.server.detect.SpamFinding;
import dev.vpsguard.server.ladder.Actor;
import dev.vpsguard.server.policy.SpamPolicy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Finding-only spam evidence (volume alone: {@link SpamFinding#blocking()} false): no block, no
 * strike; a finding row, an audit entry and a {@code smtp_volume_finding} decision (support's
 * webhook and a mail asking the customer to declare the sender), at most once per guest per {@link
 * SpamPolicy#volumeNoticeEvery()}. The last notice is the newest stored finding of {@link #KIND},
 * so a restart neither forgets it nor repeats it. Runs in the report's transaction.
 */
@Singleton
public class VolumeNotices {
    /** The kind of the finding rows this writes. */
    public static final String KIND = "spam_volume";

    private final FindingRepository findings;
    private final DecisionPublisher publisher;
    private final AuditLog audit;
    private final Clock clock;

    VolumeNotices(
            FindingRepository findings, DecisionPublisher publisher, AuditLog audit, Clock clock) {
        this.findings = findings;
        this.publisher = publisher;
        this.audit = audit;
        this.clock = clock;
    }

    /** Whether a notice is due at {@code now} after the last one at {@code last} (nullable). */
    static boolean due(Instant last, Instant now, Duration every) {
        return last == null || !now.isBefore(last.plus(every));
    }

    /**
     * Raises a notice for {@code f} when one is due. Nothing while the guest is blocked: its port
     * is closed, and the block mail already told the customer.
     */
    public void found(GuestMemory m, SpamFinding f, SpamPolicy policy, boolean declared) {
        Instant now = clock.instant();
        synchronized (m) {
            if (m.ladder.activeBlock().isPresent()) {
                return;
            }
            if (!m.volumeNoticeLoaded) {
                m.volumeNoticeAt =
                        findings
                                .findByGuestIdAndKindAndAtGreaterThanEquals(
                                        m.guestId, KIND, now.minus(policy.volumeNoticeEvery()))
                                .stream()
                                .map(FindingRow::at)
                                .max(Instant::compareTo)
                                .orElse(null);
                m.volumeNoticeLoaded = true;
            }
            if (!due(m.volumeNoticeAt, now, policy.volumeNoticeEvery())) {
                return;
            }
            m.volumeNoticeAt = now;
        }
        String evidence = LadderJson.write(f);
        findings.save(
                new FindingRow(
                        UUID.randomUUID().toString(), m.guestId, now, KIND, f.score(), evidence));
        String rules =
                f.rules().stream()
                        .map(r -> r.name().toLowerCase(Locale.ROOT))
                        .sorted()
                        .collect(Collectors.joining(", "));
        audit.record(
                Actor.SYSTEM.id(),
                "smtp.volume_finding",
                m.guestId,
                "volume alone (" + rules + "), nothing blocked " + evidence);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("evidence", evidence);
        details.put("clause", f.clause());
        details.put("rules", rules);
        details.put("declared", declared);
        details.put(
                "reason",
                (declared
                                ? "above the declared sender's raised volume thresholds"
                                : "undeclared sender above the volume thresholds")
                        + " ("
                        + rules
                        + "), every other check passed: nothing was blocked");
        publisher.published(
                new Decision(
                        "smtp_volume_finding",
                        now,
                        m.guestId,
                        m.hostId,
                        m.vmid,
                        m.tenantId,
                        null,
                        details));
    }
}
