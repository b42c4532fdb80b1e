package dev.vpsguard.server.decision.report;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.server.action.ActionService;
import dev.vpsguard.server.decision.FindingRepository;
import dev.vpsguard.server.decision.FindingRow;
import dev.vpsguard.server.decision.LadderJson;
import dev.vpsguard.server.decision.filter.TrafficFilters;
import dev.vpsguard.server.decision.resource.ResourceDecisions;
import dev.vpsguard.server.decision.scan.ScanDecisions;
import dev.vpsguard.server.decision.smtp.GuestMemory;
import dev.vpsguard.server.decision.smtp.LadderService;
import dev.vpsguard.server.decision.smtp.SpamDetection;
import dev.vpsguard.server.decision.smtp.SpamHistory;
import dev.vpsguard.server.decision.smtp.VolumeNotices;
import dev.vpsguard.server.detect.SpamFinding;
import dev.vpsguard.server.ingest.ReportListener;
import dev.vpsguard.server.ingest.StoredReport;
import dev.vpsguard.server.ladder.LadderEvent;
import dev.vpsguard.server.policy.ContractPolicy;
import dev.vpsguard.server.policy.PolicySet;
import dev.vpsguard.server.tenant.TenantService;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The ingest hook: in the report's transaction, records the agent's acks, then for each guest picks
 * its contract policy, runs the spam detector on its SMTP window, feeds a blocking finding (or a
 * tick) into its ladder, hands a finding-only one (volume alone) to {@link VolumeNotices}, and
 * persists what changed, so the reply carries the new desired state. Resource abuse and the acks'
 * notifications are {@link ResourceDecisions}'; scans and intrusion attempts {@link
 * ScanDecisions}'; the contract's standing traffic filters {@link TrafficFilters}'.
 */
@Singleton
public class ReportDecisions implements ReportListener {
    private final LadderService ladders;
    private final ResourceDecisions resources;
    private final ScanDecisions scans;
    private final TrafficFilters filters;
    private final SpamDetection spam;
    private final VolumeNotices volume;
    private final ActionService actions;
    private final FindingRepository findings;
    private final TenantService tenants;
    private final PolicySet policies;
    private final Clock clock;

    public ReportDecisions(
            LadderService ladders,
            ResourceDecisions resources,
            ScanDecisions scans,
            TrafficFilters filters,
            SpamDetection spam,
            VolumeNotices volume,
            ActionService actions,
            FindingRepository findings,
            TenantService tenants,
            PolicySet policies,
            Clock clock) {
        this.ladders = ladders;
        this.resources = resources;
        this.scans = scans;
        this.filters = filters;
        this.spam = spam;
        this.volume = volume;
        this.actions = actions;
        this.findings = findings;
        this.tenants = tenants;
        this.policies = policies;
        this.clock = clock;
    }

    @Override
    public void stored(Report report, StoredReport stored) {
        var acked = actions.ack(report.hostId(), report.enforcementAck());
        // The detector takes each window into memory before the report commits.
        ladders.forgetOnRollback(stored.guests().keySet());
        SpamHistory history = firstSight(report.hostId(), stored);
        for (Map.Entry<String, GuestSample> e : stored.guests().entrySet()) {
            guest(e.getKey(), e.getValue(), history);
        }
        resources.stored(report, stored, acked);
        scans.stored(stored);
        filters.stored(report, stored);
    }

    /**
     * Loads what the report's first-seen guests need (ladders, then the spam detector's stored
     * history) for the whole host at once: a constant number of queries per report, not a few per
     * guest.
     */
    private SpamHistory firstSight(String hostId, StoredReport stored) {
        Map<String, Integer> vmids = new HashMap<>();
        stored.guests().forEach((id, s) -> vmids.put(id, s.vmid()));
        ladders.preload(hostId, vmids);
        List<GuestMemory> observed = new ArrayList<>();
        Duration horizon = Duration.ZERO;
        for (Map.Entry<String, GuestSample> e : stored.guests().entrySet()) {
            if (e.getValue().smtp() != null) {
                GuestMemory m = ladders.memory(e.getKey());
                observed.add(m);
                Duration h = SpamDetection.horizon(policy(m).spam());
                horizon = h.compareTo(horizon) > 0 ? h : horizon;
            }
        }
        return spam.history(observed, horizon);
    }

    private ContractPolicy policy(GuestMemory m) {
        return policies.forTenant(tenants.find(m.tenantId));
    }

    private void guest(String guestId, GuestSample sample, SpamHistory history) {
        GuestMemory m = ladders.memory(guestId);
        String tenantId = m.tenantId;
        ContractPolicy policy = policy(m);
        Optional<SpamFinding> finding = Optional.empty();
        boolean declared = policy.declaredSenders().declares(m.vmid, tenantId);
        if (sample.smtp() != null) {
            double multiplier = policy.declaredSenders().multiplierFor(m.vmid, tenantId);
            finding = spam.observe(m, sample.smtp(), policy, multiplier, history);
        }
        if (finding.isPresent() && !finding.get().blocking()) {
            // Volume alone: support and the customer are told, nothing is blocked.
            volume.found(m, finding.get(), policy.spam(), declared);
            ladders.apply(m, policy.ladder(), LadderEvent.Tick::new);
        } else if (finding.isPresent()) {
            SpamFinding f = finding.get();
            findings.save(
                    new FindingRow(
                            UUID.randomUUID().toString(),
                            guestId,
                            clock.instant(),
                            "spam",
                            f.score(),
                            LadderJson.write(f)));
            ladders.apply(m, policy.ladder(), at -> new LadderEvent.SpamDetected(at, f));
        } else {
            ladders.apply(m, policy.ladder(), LadderEvent.Tick::new);
        }
    }
}
