package dev.vpsguard.server.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.server.detect.ResourceFinding;
import dev.vpsguard.server.detect.ResourceKind;
import dev.vpsguard.server.ladder.ResourceDecision.Apply;
import dev.vpsguard.server.ladder.ResourceDecision.AwaitApproval;
import dev.vpsguard.server.ladder.ResourceDecision.Lift;
import dev.vpsguard.server.policy.ActionMode;
import dev.vpsguard.server.policy.PolicyLoader;
import dev.vpsguard.server.policy.ResourcePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceLadderTest {
    static final ResourcePolicy MTDS =
            PolicyLoader.loadBundled().contract("mtds-cloud").orElseThrow().resources();
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Actor OPERATOR = new Actor("olivia", Role.OPERATOR);
    static final Actor CUSTOMER = new Actor("t", Role.CUSTOMER);

    ResourceLadderState state = ResourceLadderState.empty("host-a/101", ResourceKind.EGRESS);

    ResourceLadderStep apply(ResourceEvent e, ResourcePolicy p) {
        ResourceLadderStep s = ResourceLadder.apply(state, e, p);
        state = s.state();
        return s;
    }

    ResourceEvent.Found found(Instant at) {
        return new ResourceEvent.Found(
                at,
                new ResourceFinding(
                        state.kind(),
                        15e6,
                        12.5e6,
                        at.minus(Duration.ofMinutes(10)),
                        at,
                        30,
                        "mtds Art. 2"));
    }

    @Test
    void egressAbuseWarnsThenThrottlesToTheGuaranteedRateThenWaitsForApprovalToIsolate() {
        var warn = apply(found(T0), MTDS);
        assertThat(warn.decisions())
                .singleElement()
                .isEqualTo(
                        new Apply(
                                ResourceStep.WARN,
                                ResourceKind.EGRESS,
                                12.5e6,
                                MTDS.actions().clause()));
        // a finding sooner than escalation.after does not climb
        assertThat(apply(found(T0.plus(Duration.ofMinutes(10))), MTDS).decisions()).isEmpty();
        var throttle = apply(found(T0.plus(Duration.ofMinutes(15))), MTDS);
        assertThat(throttle.decisions())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(((Apply) d).step()).isEqualTo(ResourceStep.THROTTLE);
                            assertThat(((Apply) d).limit())
                                    .isEqualTo(100e6 / 8); // never below 100 Mbit/s (R4)
                        });
        var pending = apply(found(T0.plus(Duration.ofMinutes(30))), MTDS);
        assertThat(pending.decisions())
                .containsExactly(new AwaitApproval(ResourceStep.ISOLATE, ResourceKind.EGRESS));
        assertThat(state.enforced()).containsExactly(ResourceStep.THROTTLE);

        assertThat(
                        apply(
                                        new ResourceEvent.Approve(
                                                T0.plus(Duration.ofMinutes(31)), CUSTOMER, "ok"),
                                        MTDS)
                                .rejection())
                .contains("operators");
        var approved =
                apply(
                        new ResourceEvent.Approve(
                                T0.plus(Duration.ofMinutes(32)), OPERATOR, "ticket 5"),
                        MTDS);
        assertThat(approved.rejection()).isNull();
        assertThat(approved.decisions())
                .singleElement()
                .extracting(d -> ((Apply) d).step())
                .isEqualTo(ResourceStep.ISOLATE);
        assertThat(approved.audit())
                .singleElement()
                .satisfies(a -> assertThat(a.actor()).isEqualTo(OPERATOR));
        assertThat(state.enforced())
                .containsExactlyInAnyOrder(ResourceStep.THROTTLE, ResourceStep.ISOLATE);
    }

    @Test
    void quietPeriodLiftsTheThrottleButIsolationWaitsForReinstatement() {
        apply(found(T0), MTDS);
        apply(found(T0.plus(Duration.ofMinutes(15))), MTDS);
        apply(found(T0.plus(Duration.ofMinutes(30))), MTDS);
        apply(new ResourceEvent.Approve(T0.plus(Duration.ofMinutes(31)), OPERATOR, ""), MTDS);
        var quiet = apply(new ResourceEvent.Tick(T0.plus(Duration.ofHours(2))), MTDS);
        assertThat(quiet.decisions())
                .containsExactly(new Lift(ResourceStep.THROTTLE, ResourceKind.EGRESS));
        assertThat(state.enforced()).containsExactly(ResourceStep.ISOLATE);
        assertThat(
                        apply(
                                        new ResourceEvent.Reinstate(
                                                T0.plus(Duration.ofHours(3)), OPERATOR, " "),
                                        MTDS)
                                .rejection())
                .contains("reason");
        var back =
                apply(
                        new ResourceEvent.Reinstate(
                                T0.plus(Duration.ofHours(3)), OPERATOR, "reinstalled"),
                        MTDS);
        assertThat(back.decisions())
                .containsExactly(new Lift(ResourceStep.ISOLATE, ResourceKind.EGRESS));
        assertThat(state.enforced()).isEmpty();
        assertThat(state.level()).isNull();
    }

    @Test
    void cpuAbuseEndsInSuspensionAndRefusalWaitsAnotherPeriod() {
        state = ResourceLadderState.empty("host-a/101", ResourceKind.CPU);
        apply(found(T0), MTDS);
        apply(found(T0.plus(Duration.ofMinutes(15))), MTDS);
        var pending = apply(found(T0.plus(Duration.ofMinutes(30))), MTDS);
        assertThat(pending.decisions())
                .containsExactly(new AwaitApproval(ResourceStep.SUSPEND, ResourceKind.CPU));
        assertThat(
                        apply(
                                        new ResourceEvent.Refuse(
                                                T0.plus(Duration.ofMinutes(31)), OPERATOR, ""),
                                        MTDS)
                                .rejection())
                .isNotNull();
        assertThat(
                        apply(
                                        new ResourceEvent.Refuse(
                                                T0.plus(Duration.ofMinutes(32)),
                                                OPERATOR,
                                                "batch job, agreed"),
                                        MTDS)
                                .rejection())
                .isNull();
        assertThat(apply(found(T0.plus(Duration.ofMinutes(40))), MTDS).decisions()).isEmpty();
        assertThat(apply(found(T0.plus(Duration.ofMinutes(47))), MTDS).decisions())
                .containsExactly(new AwaitApproval(ResourceStep.SUSPEND, ResourceKind.CPU));
    }

    @Test
    void dryRunRecordsWithoutEnforcing() {
        var a = MTDS.actions();
        ResourcePolicy dry =
                new ResourcePolicy(
                        MTDS.contention(),
                        MTDS.cpu(),
                        MTDS.disk(),
                        MTDS.egress(),
                        MTDS.packets(),
                        MTDS.escalation(),
                        new ResourcePolicy.Actions(
                                ActionMode.DRY_RUN,
                                ActionMode.DRY_RUN,
                                ActionMode.DRY_RUN,
                                ActionMode.DRY_RUN,
                                a.clause()));
        ResourceStep[] path = {ResourceStep.WARN, ResourceStep.THROTTLE, ResourceStep.ISOLATE};
        for (int i = 0; i < 4; i++) {
            var s = apply(found(T0.plus(Duration.ofMinutes(15L * i))), dry);
            if (i < 3) {
                ResourceStep expected = path[i];
                assertThat(s.decisions())
                        .singleElement()
                        .isInstanceOfSatisfying(
                                ResourceDecision.DryRun.class,
                                d -> assertThat(d.step()).isEqualTo(expected));
                assertThat(s.audit())
                        .singleElement()
                        .extracting(AuditEntry::action)
                        .isEqualTo("resource_action_dry_run");
            } else {
                assertThat(s.decisions()).as("top of the ladder").isEmpty();
            }
        }
        assertThat(state.level()).isEqualTo(ResourceStep.ISOLATE);
        assertThat(state.enforced()).isEqualTo(Set.of());
    }

    @Test
    void aThrottleLiftsOnlyAfterTheGuestStayedUnderTheQuotaForClearAfter() {
        apply(found(T0), MTDS);
        apply(found(T0.plus(Duration.ofMinutes(15))), MTDS);
        assertThat(state.enforced()).containsExactly(ResourceStep.THROTTLE);
        // over the quota now and then, never for the whole sustained span: no finding, but the
        // guest is not back under the quota, so the 30-minute quiet period never completes
        for (int m = 20; m <= 120; m += 10) {
            var s = apply(new ResourceEvent.Over(T0.plus(Duration.ofMinutes(m))), MTDS);
            assertThat(s.decisions()).as("minute %d", m).isEmpty();
            assertThat(
                            apply(new ResourceEvent.Tick(T0.plus(Duration.ofMinutes(m + 5))), MTDS)
                                    .decisions())
                    .isEmpty();
        }
        assertThat(state.enforced()).containsExactly(ResourceStep.THROTTLE);
        assertThat(
                        apply(new ResourceEvent.Tick(T0.plus(Duration.ofMinutes(149))), MTDS)
                                .decisions())
                .as("29 min under the quota")
                .isEmpty();
        assertThat(
                        apply(new ResourceEvent.Tick(T0.plus(Duration.ofMinutes(150))), MTDS)
                                .decisions())
                .containsExactly(new Lift(ResourceStep.THROTTLE, ResourceKind.EGRESS));
        assertThat(state.level()).isNull();
    }

    @Test
    void diskAbuseHasNoThrottleAndGoesFromTheWarningToAPendingSuspension() {
        state = ResourceLadderState.empty("host-a/101", ResourceKind.DISK_BYTES);
        assertThat(apply(found(T0), MTDS).decisions())
                .singleElement()
                .extracting(d -> ((Apply) d).step())
                .isEqualTo(ResourceStep.WARN);
        assertThat(apply(found(T0.plus(Duration.ofMinutes(15))), MTDS).decisions())
                .containsExactly(new AwaitApproval(ResourceStep.SUSPEND, ResourceKind.DISK_BYTES));
        assertThat(state.enforced()).isEmpty();
    }

    @Test
    void overWithoutAnOpenEpisodeChangesNothing() {
        var s = apply(new ResourceEvent.Over(T0), MTDS);
        assertThat(s.decisions()).isEmpty();
        assertThat(s.audit()).isEmpty();
        assertThat(state.lastFindingAt()).isNull();
        assertThat(state.level()).isNull();
    }

    @Test
    void eventsMustComeInTimeOrder() {
        apply(new ResourceEvent.Tick(T0), MTDS);
        assertThatThrownBy(() -> apply(new ResourceEvent.Tick(T0.minusSeconds(1)), MTDS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
