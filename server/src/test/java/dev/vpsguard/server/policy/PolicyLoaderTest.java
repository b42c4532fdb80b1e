package dev.vpsguard.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.server.contract.PolicyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

    @Test
    void everyShippedPolicyLoadsAndEveryRuleCitesAClause() {
        PolicySet set = PolicyLoader.loadBundled();
        assertThat(set.all().keySet())
                .containsExactlyInAnyOrder(
                        "default",
                        "powerpos-vps",
                        "unixo-cloud",
                        "mtds-cloud",
                        "micro-info",
                        "maocloud");
        for (ContractPolicy p : set.all().values()) {
            var s = p.spam();
            var r = p.resources();
            assertThat(p.source()).as(p.contract()).isNotBlank();
            assertThat(
                            java.util.List.of(
                                    s.clause(),
                                    s.burst().clause(),
                                    s.fanOut().clause(),
                                    s.failureRatio().clause(),
                                    s.anomaly().clause(),
                                    p.declaredSenders().clause(),
                                    p.ladder().clause(),
                                    r.contention().clause(),
                                    r.cpu().clause(),
                                    r.disk().clause(),
                                    r.egress().clause(),
                                    r.packets().clause(),
                                    r.escalation().clause(),
                                    r.actions().clause()))
                    .as(p.contract())
                    .allSatisfy(c -> assertThat(c).isNotBlank());
            assertThat(p.ladder().rungs()).allSatisfy(g -> assertThat(g.clause()).isNotBlank());
        }
    }

    @Test
    void shippedDirectoryLoadsTheSameAsTheClasspath() {
        Path dir = Path.of("src/main/resources/policies");
        assertThat(PolicyFiles.loadDirectory(dir).all())
                .isEqualTo(PolicyLoader.loadBundled().all());
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactlyInAnyOrderElementsOf(PolicyLoader.BUNDLED);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void defaultLadderIsTheOneContractsMdDecided() {
        LadderPolicy l = PolicyLoader.loadBundled().forTenant(null).ladder();
        assertThat(l.rung(1).minDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(l.unblockMode(1)).isEqualTo(UnblockMode.ON_REQUEST);
        assertThat(l.rung(2).minDuration()).isEqualTo(Duration.ofHours(24));
        assertThat(l.unblockMode(2)).isEqualTo(UnblockMode.ON_REQUEST);
        assertThat(l.rung(3).minDuration()).isEqualTo(Duration.ofDays(7));
        assertThat(l.unblockMode(3)).isEqualTo(UnblockMode.REFUSED);
        assertThat(l.rung(9).minDuration()).isEqualTo(Duration.ofDays(7));
        assertThat(l.unblockMode(9)).isEqualTo(UnblockMode.REFUSED);
        assertThat(l.strikeMemory()).isEqualTo(Duration.ofDays(365));
        assertThat(l.refusalRung()).isEqualTo(3);
    }

    @Test
    void defaultYmlSpellsOutTheBuiltInDefaults() {
        ContractPolicy d = PolicyLoader.loadBundled().forTenant(null);
        assertThat(d.spam()).isEqualTo(withClauses(PolicyDefaults.SPAM, d.spam()));
        assertThat(d.ladder().rungs().stream().map(Rung::minDuration).toList())
                .isEqualTo(PolicyDefaults.LADDER.rungs().stream().map(Rung::minDuration).toList());
        assertThat(d.resources().actions().suspend()).isEqualTo(ActionMode.APPROVE);
        assertThat(d.resources().actions().isolate()).isEqualTo(ActionMode.APPROVE);
        assertThat(d.resources().cpu().maxShare())
                .isEqualTo(PolicyDefaults.RESOURCES.cpu().maxShare());
        assertThat(d.resources().contention().hostCpuPercent()).isEqualTo(85);
    }

    @Test
    void mtdsEgressQuotaIsItsGuaranteedHundredMegabits() {
        var e =
                PolicyLoader.loadBundled()
                        .contract("mtds-cloud")
                        .orElseThrow()
                        .resources()
                        .egress();
        assertThat(e.maxMbitPerSec()).isEqualTo(100);
        assertThat(e.throttleFloorMbitPerSec()).isEqualTo(100);
        assertThat(e.maxBytesPerSec()).isEqualTo(12_500_000);
        assertThat(e.clause()).isEqualTo("MTDS - Serveur Cloud, Article 2");
    }

    @Test
    void guestWithoutTenantOrWithUnknownContractFallsUnderDefault() {
        PolicySet set = PolicyLoader.loadBundled();
        assertThat(set.forTenant(null).contract()).isEqualTo("default");
        var t = new Tenant("t1", "ops@example.org", Language.FR, "mtds-cloud");
        assertThat(set.forTenant(t).contract()).isEqualTo("mtds-cloud");
        var unknown = new Tenant("t2", "ops@example.org", Language.EN, "nope");
        assertThat(set.forTenant(unknown).contract()).isEqualTo("default");
    }

    @Test
    void minimalFileTakesEveryDefault() {
        ContractPolicy p = PolicyLoader.parse("min.yml", "contract: tiny\n");
        assertThat(p.spam()).isEqualTo(PolicyDefaults.SPAM);
        assertThat(p.ladder()).isEqualTo(PolicyDefaults.LADDER);
        assertThat(p.resources()).isEqualTo(PolicyDefaults.RESOURCES);
        assertThat(p.declaredSenders()).isEqualTo(PolicyDefaults.DECLARED_SENDERS);
    }

    @Test
    void declaredSendersMultiplyOnlyTheirGuests() {
        ContractPolicy p =
                PolicyLoader.parse(
                        "d.yml",
                        "contract: d\ndeclared_senders:\n  threshold_multiplier: 4\n  vmids: [101]\n"
                                + "  tenants: [acme]\n  clause: x\n");
        assertThat(p.declaredSenders().multiplierFor(101, null)).isEqualTo(4);
        assertThat(p.declaredSenders().multiplierFor(102, "acme")).isEqualTo(4);
        assertThat(p.declaredSenders().multiplierFor(102, "other")).isEqualTo(1);
    }

    @Test
    void duplicateContractIdsInADirectoryAreRejected(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("default.yml"), "contract: default\n");
        Files.writeString(dir.resolve("a.yml"), "contract: same\n");
        Files.writeString(dir.resolve("b.yml"), "contract: same\n");
        assertThatThrownBy(() -> PolicyFiles.loadDirectory(dir))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("b.yml")
                .hasMessageContaining("contract");
    }

    @Test
    void directoryWithoutDefaultIsRejected(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yml"), "contract: a\n");
        assertThatThrownBy(() -> PolicyFiles.loadDirectory(dir))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("default");
    }

    @Test
    void tenantValidatesItsContactAndLanguage() {
        assertThatThrownBy(() -> new Tenant("t", "not-an-address", Language.FR, "default"))
                .hasMessageContaining("not-an-address");
        assertThat(Language.parse("EN")).isEqualTo(Language.EN);
        assertThatThrownBy(() -> Language.parse("de")).hasMessageContaining("fr or en");
    }

    private static SpamPolicy withClauses(SpamPolicy values, SpamPolicy clauses) {
        return new SpamPolicy(
                new SpamPolicy.Burst(
                        values.burst().newConnectionsPerMinute(), clauses.burst().clause()),
                new SpamPolicy.FanOut(
                        values.fanOut().distinctDestinations(),
                        values.fanOut().distinctPrefixes(),
                        values.fanOut().minFailureRatio(),
                        clauses.fanOut().clause()),
                new SpamPolicy.FailureRatio(
                        values.failureRatio().maxRatio(),
                        values.failureRatio().minConnections(),
                        clauses.failureRatio().clause()),
                new SpamPolicy.Anomaly(
                        values.anomaly().multiple(),
                        values.anomaly().floorPerMinute(),
                        values.anomaly().minHistory(),
                        values.anomaly().timeConstant(),
                        clauses.anomaly().clause()),
                new SpamPolicy.Ceiling(
                        values.ceiling().newConnectionsPerMinute(), clauses.ceiling().clause()),
                values.minNewConnections(),
                values.consecutiveWindows(),
                values.volumeNoticeEvery(),
                clauses.clause());
    }
}
