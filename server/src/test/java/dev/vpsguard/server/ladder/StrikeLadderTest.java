package dev.vpsguard.server.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.server.ladder.LadderEvent.AdminOverride;
import dev.vpsguard.server.ladder.LadderEvent.OperatorDecided;
import dev.vpsguard.server.ladder.LadderEvent.SpamDetected;
import dev.vpsguard.server.ladder.LadderEvent.Tick;
import dev.vpsguard.server.ladder.LadderEvent.UnblockRequested;
import dev.vpsguard.server.ladder.UnblockOutcome.Kind;
import dev.vpsguard.server.policy.LadderPolicy;
import dev.vpsguard.server.policy.PolicyLoader;
import dev.vpsguard.server.policy.Rung;
import dev.vpsguard.server.policy.UnblockMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrikeLadderTest {
    static final LadderPolicy LADDER = PolicyLoader.loadBundled().forTenant(null).ladder();
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Actor CUSTOMER = new Actor("tenant-42", Role.CUSTOMER);
    static final Actor OPERATOR = new Actor("olivia", Role.OPERATOR);
    static final Actor ADMIN = new Actor("adam", Role.ADMIN);

    SmtpLadderState state = SmtpLadderState.empty("host-a/101");

    LadderStep apply(LadderEvent e) {
        return apply(e, LADDER);
    }

    LadderStep apply(LadderEvent e, LadderPolicy p) {
        LadderStep step = StrikeLadder.apply(state, e, p);
        state = step.state();
        return step;
    }

    UnblockRequested ask(Instant at) {
        return new UnblockRequested(
                at, CUSTOMER, Channel.CUSTOMER_LINK, "fixed, it was a hacked plugin");
    }

    @Test
    void firstFindingStartsStrikeOneWithItsRungAndAudit() {
        LadderStep s = apply(new SpamDetected(T0, Findings.at(T0)));
        var start = (LadderDecision.StartSmtpBlock) s.decisions().get(0);
        assertThat(start.strike()).isEqualTo(1);
        assertThat(start.minUntil()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(start.mode()).isEqualTo(UnblockMode.ON_REQUEST);
        assertThat(s.audit())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.action()).isEqualTo("smtp_block_started");
                            assertThat(a.actor()).isEqualTo(Actor.SYSTEM);
                            assertThat(a.guest()).isEqualTo("host-a/101");
                            assertThat(a.evidence())
                                    .containsEntry("connectionsPerMinute", 200.0)
                                    .containsEntry("strike", 1);
                        });
        assertThat(state.activeBlock()).isPresent();
    }

    @Test
    void requestBeforeMinimumIsScheduledAndLiftedByTheTickThatPassesIt() {
        apply(new SpamDetected(T0, Findings.at(T0)));
        LadderStep s = apply(ask(T0.plus(Duration.ofMinutes(10))));
        assertThat(s.outcome().kind()).isEqualTo(Kind.SCHEDULED);
        assertThat(s.outcome().effectiveAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(apply(new Tick(T0.plus(Duration.ofMinutes(59)))).decisions()).isEmpty();
        LadderStep lifted = apply(new Tick(T0.plus(Duration.ofMinutes(61))));
        assertThat(lifted.decisions())
                .singleElement()
                .isInstanceOf(LadderDecision.LiftSmtpBlock.class);
        assertThat(state.activeBlock()).isEmpty();
        assertThat(state.requests())
                .singleElement()
                .extracting(UnblockRequest::status)
                .isEqualTo(UnblockRequest.Status.GRANTED);
    }

    @Test
    void requestAfterMinimumIsGrantedAtOnce() {
        apply(new SpamDetected(T0, Findings.at(T0)));
        LadderStep s = apply(ask(T0.plus(Duration.ofHours(2))));
        assertThat(s.outcome().kind()).isEqualTo(Kind.GRANTED);
        assertThat(s.decisions()).hasAtLeastOneElementOfType(LadderDecision.LiftSmtpBlock.class);
        assertThat(state.blocks().get(0).liftReason())
                .isEqualTo(SmtpBlock.LiftReason.REQUEST_GRANTED);
    }

    @Test
    void thirdBlockRefusesUnblockRequests() {
        Instant t = T0;
        for (int strike = 1; strike <= 2; strike++) {
            apply(new SpamDetected(t, Findings.at(t)));
            t = t.plus(Duration.ofDays(2));
            assertThat(apply(ask(t)).outcome().kind()).isEqualTo(Kind.GRANTED);
            t = t.plus(Duration.ofDays(1));
        }
        LadderStep third = apply(new SpamDetected(t, Findings.at(t)));
        var start = (LadderDecision.StartSmtpBlock) third.decisions().get(0);
        assertThat(start.strike()).isEqualTo(3);
        assertThat(start.minUntil()).isEqualTo(t.plus(Duration.ofDays(7)));
        LadderStep refused = apply(ask(t.plus(Duration.ofDays(30))));
        assertThat(refused.outcome().kind()).isEqualTo(Kind.REFUSED);
        assertThat(refused.outcome().clause()).contains("S9");
        assertThat(state.activeBlock()).isPresent();
        // an operator cannot override; an admin can, with a reason, and it is audited
        assertThat(
                        apply(
                                        new AdminOverride(
                                                t.plus(Duration.ofDays(31)),
                                                OPERATOR,
                                                "customer is nice"))
                                .outcome()
                                .kind())
                .isEqualTo(Kind.REJECTED);
        assertThat(
                        apply(new AdminOverride(t.plus(Duration.ofDays(31)), ADMIN, "  "))
                                .outcome()
                                .kind())
                .isEqualTo(Kind.REJECTED);
        assertThat(state.activeBlock()).isPresent();
        LadderStep ok =
                apply(
                        new AdminOverride(
                                t.plus(Duration.ofDays(31)), ADMIN, "reinstalled, ticket 991"));
        assertThat(ok.outcome().kind()).isEqualTo(Kind.GRANTED);
        assertThat(ok.audit())
                .anySatisfy(
                        a -> {
                            assertThat(a.action()).isEqualTo("smtp_block_lifted");
                            assertThat(a.actor()).isEqualTo(ADMIN);
                            assertThat(a.reason()).isEqualTo("reinstalled, ticket 991");
                        });
        assertThat(state.blocks().get(2).liftReason())
                .isEqualTo(SmtpBlock.LiftReason.ADMIN_OVERRIDE);
    }

    @Test
    void findingDuringABlockAddsNoStrikeAndExtendsNothing() {
        apply(new SpamDetected(T0, Findings.at(T0)));
        Instant later = T0.plus(Duration.ofMinutes(30));
        LadderStep s = apply(new SpamDetected(later, Findings.at(later)));
        assertThat(s.decisions()).isEmpty();
        assertThat(s.audit())
                .singleElement()
                .extracting(AuditEntry::action)
                .isEqualTo("finding_during_block");
        assertThat(apply(new SpamDetected(later.plusSeconds(5), Findings.at(later))).audit())
                .isEmpty();
        assertThat(state.blocks())
                .singleElement()
                .satisfies(
                        b -> {
                            assertThat(b.strike()).isEqualTo(1);
                            assertThat(b.minUntil()).isEqualTo(T0.plus(Duration.ofHours(1)));
                            assertThat(b.findingsDuringBlock()).isEqualTo(2);
                        });
    }

    @Test
    void strikeOlderThanItsMemoryNoLongerCounts() {
        apply(new SpamDetected(T0, Findings.at(T0)));
        apply(ask(T0.plus(Duration.ofHours(2))));
        Instant t2 = T0.plus(Duration.ofDays(100));
        apply(new SpamDetected(t2, Findings.at(t2)));
        apply(ask(t2.plus(Duration.ofDays(2))));
        // 366 days after the first block, only the second still counts: the new one is strike 2
        Instant t3 = T0.plus(Duration.ofDays(366));
        LadderStep s = apply(new SpamDetected(t3, Findings.at(t3)));
        assertThat(((LadderDecision.StartSmtpBlock) s.decisions().get(0)).strike()).isEqualTo(2);
    }

    @Test
    void operatorRungQueuesAndOnlyStaffDecide() {
        LadderPolicy p =
                new LadderPolicy(
                        List.of(
                                new Rung(Duration.ofHours(1), UnblockMode.OPERATOR, "test rung"),
                                new Rung(Duration.ofDays(1), UnblockMode.REFUSED, "test S9")),
                        Duration.ofDays(365),
                        2,
                        "test");
        apply(new SpamDetected(T0, Findings.at(T0)), p);
        LadderStep q = apply(ask(T0.plus(Duration.ofMinutes(5))), p);
        assertThat(q.outcome().kind()).isEqualTo(Kind.QUEUED);
        assertThat(q.decisions()).hasAtLeastOneElementOfType(LadderDecision.AwaitOperator.class);
        int id = q.outcome().requestId();
        Instant t = T0.plus(Duration.ofMinutes(6));
        assertThat(apply(new OperatorDecided(t, CUSTOMER, id, true, ""), p).outcome().kind())
                .isEqualTo(Kind.REJECTED);
        assertThat(apply(new OperatorDecided(t, OPERATOR, id, false, ""), p).outcome().kind())
                .isEqualTo(Kind.REJECTED);
        assertThat(apply(new OperatorDecided(t, OPERATOR, 99, true, "ok"), p).outcome().kind())
                .isEqualTo(Kind.REJECTED);
        // approved before the minimum: scheduled for its end
        LadderStep ok = apply(new OperatorDecided(t, OPERATOR, id, true, "customer fixed it"), p);
        assertThat(ok.outcome().kind()).isEqualTo(Kind.SCHEDULED);
        assertThat(ok.outcome().effectiveAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        LadderStep lift = apply(new Tick(T0.plus(Duration.ofHours(1))), p);
        assertThat(lift.decisions()).hasAtLeastOneElementOfType(LadderDecision.LiftSmtpBlock.class);
    }

    @Test
    void operatorRefusalNeedsAReasonAndIsRecorded() {
        LadderPolicy p =
                new LadderPolicy(
                        List.of(new Rung(Duration.ofHours(1), UnblockMode.OPERATOR, "test rung")),
                        Duration.ofDays(365),
                        1,
                        "test");
        // refusal rung 1 would refuse everything; use a policy whose refusal rung lies past the
        // list
        p = new LadderPolicy(p.rungs(), p.strikeMemory(), 5, p.clause());
        apply(new SpamDetected(T0, Findings.at(T0)), p);
        int id = apply(ask(T0.plus(Duration.ofHours(2))), p).outcome().requestId();
        LadderStep no =
                apply(
                        new OperatorDecided(
                                T0.plus(Duration.ofHours(3)),
                                OPERATOR,
                                id,
                                false,
                                "still sending, see ticket 12"),
                        p);
        assertThat(no.outcome().kind()).isEqualTo(Kind.REFUSED);
        assertThat(state.requests().get(0).status()).isEqualTo(UnblockRequest.Status.REFUSED);
        assertThat(state.requests().get(0).decidedBy()).isEqualTo(OPERATOR);
        assertThat(state.activeBlock()).isPresent();
    }

    @Test
    void requestWithoutBlockIsAnsweredAndAudited() {
        LadderStep s = apply(ask(T0));
        assertThat(s.outcome().kind()).isEqualTo(Kind.NO_ACTIVE_BLOCK);
        assertThat(s.audit()).isNotEmpty();
    }

    @Test
    void eventsMustComeInTimeOrder() {
        apply(new Tick(T0));
        assertThatThrownBy(() -> apply(new Tick(T0.minusSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(T0.toString());
    }

    @Test
    void aScheduledLiftThatIsDueHappensBeforeALateFinding() {
        apply(new SpamDetected(T0, Findings.at(T0)));
        apply(ask(T0.plusSeconds(60)));
        Instant late = T0.plus(Duration.ofHours(3)); // no tick in between
        LadderStep s = apply(new SpamDetected(late, Findings.at(late)));
        assertThat(s.decisions()).hasSize(2);
        assertThat(s.decisions().get(0)).isInstanceOf(LadderDecision.LiftSmtpBlock.class);
        assertThat(((LadderDecision.StartSmtpBlock) s.decisions().get(1)).strike()).isEqualTo(2);
    }
}
