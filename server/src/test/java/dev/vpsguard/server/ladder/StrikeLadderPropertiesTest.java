package dev.vpsguard.server.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.policy.LadderPolicy;
import dev.vpsguard.server.policy.PolicyLoader;
import dev.vpsguard.server.policy.Rung;
import dev.vpsguard.server.policy.UnblockMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Invariants of the strike ladder over random event sequences with a clock that only moves on. */
class StrikeLadderPropertiesTest {
    static final LadderPolicy DEFAULT = PolicyLoader.loadBundled().forTenant(null).ladder();

    /** Exercises the operator rung too, with a short memory so strikes expire within a run. */
    static final LadderPolicy OPERATOR_RUNG =
            new LadderPolicy(
                    List.of(
                            new Rung(Duration.ofMinutes(30), UnblockMode.ON_REQUEST, "r1"),
                            new Rung(Duration.ofHours(6), UnblockMode.OPERATOR, "r2"),
                            new Rung(Duration.ofDays(2), UnblockMode.REFUSED, "r3")),
                    Duration.ofDays(20),
                    3,
                    "test");

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One random step: what happens, how long after the previous one, by whom. */
    record Op(
            int type,
            long delaySeconds,
            Role role,
            boolean blankReason,
            int requestId,
            boolean approve) {}

    record Run(
            SmtpLadderState state,
            List<LadderDecision> decisions,
            List<AuditEntry> audit,
            int findings) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Long> delay =
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(0, 3_600)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 3 * 86_400)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 120 * 86_400)));
        Arbitrary<Op> op =
                Combinators.combine(
                                Arbitraries.integers().between(0, 4),
                                delay,
                                Arbitraries.of(Role.class),
                                Arbitraries.of(true, false),
                                Arbitraries.integers().between(0, 12),
                                Arbitraries.of(true, false))
                        .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    static LadderEvent event(Op op, Instant at) {
        Actor actor = new Actor("a-" + op.role(), op.role());
        String reason = op.blankReason() ? " " : "because ticket " + op.requestId();
        return switch (op.type()) {
            case 0 -> new LadderEvent.SpamDetected(at, Findings.at(at));
            case 1 ->
                    new LadderEvent.UnblockRequested(
                            at, actor, Channel.values()[op.requestId() % 3], reason);
            case 2 ->
                    new LadderEvent.OperatorDecided(
                            at, actor, op.requestId(), op.approve(), reason);
            case 3 -> new LadderEvent.AdminOverride(at, actor, reason);
            default -> new LadderEvent.Tick(at);
        };
    }

    static Run run(List<Op> ops, LadderPolicy policy) {
        SmtpLadderState s = SmtpLadderState.empty("h/100");
        List<LadderDecision> decisions = new ArrayList<>();
        List<AuditEntry> audit = new ArrayList<>();
        Instant t = T0;
        int findings = 0;
        for (Op op : ops) {
            t = t.plusSeconds(op.delaySeconds());
            LadderStep step = StrikeLadder.apply(s, event(op, t), policy);
            s = step.state();
            decisions.addAll(step.decisions());
            audit.addAll(step.audit());
            findings += op.type() == 0 ? 1 : 0;
            assertThat(s.blocks().size()).isLessThanOrEqualTo(findings);
        }
        return new Run(s, decisions, audit, findings);
    }

    @Property(tries = 400)
    void strikesNeverExceedFindings(@ForAll("ops") List<Op> ops) {
        for (LadderPolicy p : List.of(DEFAULT, OPERATOR_RUNG)) {
            Run r = run(ops, p);
            assertThat(r.state().blocks().size()).isLessThanOrEqualTo(r.findings());
            long started =
                    r.decisions().stream()
                            .filter(d -> d instanceof LadderDecision.StartSmtpBlock)
                            .count();
            assertThat(started).isEqualTo(r.state().blocks().size());
        }
    }

    @Property(tries = 400)
    void blockAtOrPastTheRefusalRungIsOnlyLiftedByAnAdminWithAReason(@ForAll("ops") List<Op> ops) {
        for (LadderPolicy p : List.of(DEFAULT, OPERATOR_RUNG)) {
            for (SmtpBlock b : run(ops, p).state().blocks()) {
                if (b.strike() >= p.refusalRung() && !b.active()) {
                    assertThat(b.liftReason()).isEqualTo(SmtpBlock.LiftReason.ADMIN_OVERRIDE);
                    assertThat(b.liftedBy().role()).isEqualTo(Role.ADMIN);
                }
            }
        }
    }

    @Property(tries = 400)
    void minimumDurationsAreRespectedUnlessAnAdminOverrides(@ForAll("ops") List<Op> ops) {
        for (LadderPolicy p : List.of(DEFAULT, OPERATOR_RUNG)) {
            Run r = run(ops, p);
            for (SmtpBlock b : r.state().blocks()) {
                assertThat(b.minUntil())
                        .isEqualTo(b.startedAt().plus(p.rung(b.strike()).minDuration()));
                if (!b.active() && b.liftReason() != SmtpBlock.LiftReason.ADMIN_OVERRIDE) {
                    assertThat(b.liftedAt()).isAfterOrEqualTo(b.minUntil());
                }
            }
            List<AuditEntry> overrides =
                    r.audit().stream()
                            .filter(
                                    a ->
                                            a.action().equals("smtp_block_lifted")
                                                    && a.evidence()
                                                            .get("liftReason")
                                                            .equals("ADMIN_OVERRIDE"))
                            .toList();
            assertThat(overrides)
                    .allSatisfy(
                            a -> {
                                assertThat(a.actor().role()).isEqualTo(Role.ADMIN);
                                assertThat(a.reason()).isNotBlank();
                            });
        }
    }

    @Property(tries = 300)
    void strikeNumbersCountOnlyBlocksWithinMemoryAndOneBlockAtATime(@ForAll("ops") List<Op> ops) {
        for (LadderPolicy p : List.of(DEFAULT, OPERATOR_RUNG)) {
            List<SmtpBlock> blocks = run(ops, p).state().blocks();
            for (int i = 0; i < blocks.size(); i++) {
                SmtpBlock b = blocks.get(i);
                Instant horizon = b.startedAt().minus(p.strikeMemory());
                long counting =
                        blocks.subList(0, i).stream()
                                .filter(o -> o.startedAt().isAfter(horizon))
                                .count();
                assertThat(b.strike()).isEqualTo(1 + counting);
                if (i < blocks.size() - 1) {
                    assertThat(b.active()).isFalse();
                    assertThat(b.liftedAt()).isBeforeOrEqualTo(blocks.get(i + 1).startedAt());
                }
            }
        }
    }

    @Property(tries = 200)
    void applyingTheSameSequenceTwiceGivesTheSameResult(@ForAll("ops") List<Op> ops) {
        for (LadderPolicy p : List.of(DEFAULT, OPERATOR_RUNG)) {
            assertThat(run(ops, p)).isEqualTo(run(ops, p));
        }
    }

    @Property(tries = 100)
    void customersNeverLiftABlockEarly(@ForAll("ops") @Size(max = 40) List<Op> ops) {
        List<Op> customerOnly =
                ops.stream()
                        .map(
                                o ->
                                        new Op(
                                                o.type(),
                                                o.delaySeconds(),
                                                Role.CUSTOMER,
                                                o.blankReason(),
                                                o.requestId(),
                                                o.approve()))
                        .toList();
        for (SmtpBlock b : run(customerOnly, DEFAULT).state().blocks()) {
            if (!b.active()) {
                assertThat(b.liftedAt()).isAfterOrEqualTo(b.minUntil());
                assertThat(b.strike()).isLessThan(DEFAULT.refusalRung());
            }
        }
    }
}
