package dev.vpsguard.agent.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NftJsonNormalizerTest {
    // Captured from nft 1.0.6 (`nft -j list table bridge vpsguard`), trimmed.
    static final String LISTING =
            "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"json_schema_version\": 1}},"
                    + " {\"table\": {\"family\": \"bridge\", \"name\": \"vpsguard\", \"handle\": 4}},"
                    + " {\"set\": {\"family\": \"bridge\", \"name\": \"smtp_notice\", \"table\":"
                    + " \"vpsguard\", \"type\": \"ifname\", \"handle\": 2, \"elem\": [\"tap101i0\","
                    + " \"tap102i0\"]}}, {\"chain\": {\"family\": \"bridge\", \"table\": \"vpsguard\","
                    + " \"name\": \"pre\", \"handle\": 1, \"type\": \"filter\", \"hook\":"
                    + " \"prerouting\", \"prio\": -300, \"policy\": \"accept\"}}, {\"rule\":"
                    + " {\"family\": \"bridge\", \"table\": \"vpsguard\", \"chain\": \"pre\","
                    + " \"handle\": 4, \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"meta\":"
                    + " {\"key\": \"iifname\"}}, \"right\": \"@smtp_notice\"}}, {\"counter\":"
                    + " {\"packets\": 0, \"bytes\": 0}}, {\"drop\": null}]}}, {\"rule\": {\"family\":"
                    + " \"bridge\", \"table\": \"vpsguard\", \"chain\": \"pre\", \"handle\": 5,"
                    + " \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\":"
                    + " \"ip\", \"field\": \"daddr\"}}, \"right\": {\"set\": [\"1.2.3.4\", {\"prefix\":"
                    + " {\"addr\": \"10.0.0.0\", \"len\": 8}}]}}}, {\"accept\": null}]}}]}";

    @Test
    void aRulesetListingSplitsByTableAsListingsPerTableWould() {
        // The ruleset around the agent's table: a foreign table before and after it, with a chain
        // and a rule named like the agent's (only family + table decide).
        String foreign =
                "{\"table\": {\"family\": \"inet\", \"name\": \"filter\", \"handle\": 1}},"
                        + " {\"chain\": {\"family\": \"inet\", \"table\": \"filter\","
                        + " \"name\": \"pre\", \"handle\": 1}}, {\"rule\": {\"family\":"
                        + " \"bridge\", \"table\": \"proxmox-firewall-guests\", \"chain\":"
                        + " \"pre\", \"handle\": 2, \"expr\": [{\"drop\": null}]}}";
        String ruleset =
                LISTING.replace(
                                "{\"table\": {\"family\": \"bridge\"",
                                foreign + ", {\"table\": {\"family\": \"bridge\"")
                        .replace("]}}]}", "]}}, " + foreign + "]}");
        var split = NftJsonNormalizer.normalizeRuleset(ruleset, NftablesRenderer.TABLES);
        assertThat(split).containsOnlyKeys(NftablesRenderer.TABLES);
        assertThat(split.get("bridge vpsguard")).isEqualTo(NftJsonNormalizer.normalize(LISTING));
        assertThat(split.get("inet vpsguard")).as("absent").isNull();
        assertThat(split.get("ip vpsguard")).isNull();
        assertThatThrownBy(() -> NftJsonNormalizer.normalizeRuleset("[]", NftablesRenderer.TABLES))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handlesCountersAndMetainfoDoNotCount() {
        String relisted =
                LISTING.replace("\"handle\": 4", "\"handle\": 40")
                        .replace("\"handle\": 2", "\"handle\": 9")
                        .replace("\"packets\": 0, \"bytes\": 0", "\"packets\": 17, \"bytes\": 1020")
                        .replace("1.0.6", "1.1.1");
        assertThat(NftJsonNormalizer.normalize(relisted))
                .isEqualTo(NftJsonNormalizer.normalize(LISTING));
    }

    @Test
    void elementOrderDoesNotCountInNamedOrAnonymousSets() {
        String reordered =
                LISTING.replace("[\"tap101i0\", \"tap102i0\"]", "[\"tap102i0\", \"tap101i0\"]")
                        .replace(
                                "[\"1.2.3.4\", {\"prefix\": {\"addr\": \"10.0.0.0\", \"len\": 8}}]",
                                "[{\"prefix\": {\"addr\": \"10.0.0.0\", \"len\": 8}}, \"1.2.3.4\"]");
        assertThat(NftJsonNormalizer.normalize(reordered))
                .isEqualTo(NftJsonNormalizer.normalize(LISTING));
    }

    @Test
    void aRemovedElementIsDrift() {
        String fewer = LISTING.replace("[\"tap101i0\", \"tap102i0\"]", "[\"tap101i0\"]");
        assertThat(NftJsonNormalizer.normalize(fewer))
                .isNotEqualTo(NftJsonNormalizer.normalize(LISTING));
    }

    @Test
    void ruleOrderIsDrift() {
        var normal = NftJsonNormalizer.normalize(LISTING);
        int first = LISTING.indexOf("{\"rule\"");
        int second = LISTING.indexOf("{\"rule\"", first + 1);
        String a = LISTING.substring(first, second - 2);
        String b = LISTING.substring(second, LISTING.length() - 2);
        String swapped = LISTING.substring(0, first) + b + ", " + a + "]}";
        assertThat(NftJsonNormalizer.normalize(swapped))
                .hasSize(normal.size())
                .isNotEqualTo(normal);
    }

    @Test
    void aChangedPriorityIsDrift() {
        assertThat(NftJsonNormalizer.normalize(LISTING.replace("-300", "-200")))
                .isNotEqualTo(NftJsonNormalizer.normalize(LISTING));
    }

    @Test
    void emptyTableKeepsOnlyTheTable() {
        assertThat(
                        NftJsonNormalizer.normalize(
                                "{\"nftables\": [{\"metainfo\": {}}, {\"table\": {\"family\":"
                                        + " \"ip6\", \"name\": \"vpsguard\", \"handle\": 7}}]}"))
                .containsExactly("{\"table\":{\"family\":\"ip6\",\"name\":\"vpsguard\"}}");
    }

    @Test
    void nonListingIsRejected() {
        assertThatThrownBy(() -> NftJsonNormalizer.normalize("Error: No such file"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NftJsonNormalizer.normalize("{\"x\": 1}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void anyTextGivesAListingOrTheDocumentedException(@ForAll String text) {
        try {
            assertThat(NftJsonNormalizer.normalize(text)).isNotNull();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property
    void truncatedListingGivesAListingOrTheDocumentedException(@ForAll("cut") int cut) {
        try {
            assertThat(NftJsonNormalizer.normalize(LISTING.substring(0, cut))).isNotNull();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> cut() {
        return net.jqwik.api.Arbitraries.integers().between(0, LISTING.length());
    }
}
