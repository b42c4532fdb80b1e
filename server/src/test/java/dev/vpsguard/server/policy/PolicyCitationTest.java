package dev.vpsguard.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a customer reads as the clause of a decision (docs/policies.md, "How a clause is written"):
 * in a contract's file, the contract's title and its own article; in the default policy and the
 * built-in defaults, the rule ids of docs/contracts.md after a title that names no contract. Never
 * a file name of the contract texts, never the wording of the old citations.
 */
class PolicyCitationTest {
    private static final Pattern CLAUSE =
            Pattern.compile("^\\s*clause: \"([^\"]*)\"", Pattern.MULTILINE);

    /** The contract's own numbering: "Article 8", "article 7.6", "Articles 2 and 4", "Annexe 1". */
    private static final Pattern ARTICLE =
            Pattern.compile(
                    "(Articles?|articles?) [0-9][0-9.]*( \\(7\\.1\\))?( and [0-9.]+)?|Annexe [0-9]");

    @Test
    void aContractsClausesCiteItsTitleAndItsOwnArticles() throws IOException {
        PolicySet bundled = PolicyLoader.loadBundled();
        for (String file : PolicyLoader.BUNDLED) {
            String yaml = bundledText(file);
            ContractPolicy policy =
                    bundled.all().values().stream()
                            .filter(p -> yaml.contains("contract: " + p.contract() + "\n"))
                            .findFirst()
                            .orElseThrow();
            List<String> clauses = clauses(yaml);
            assertThat(clauses).as(file).isNotEmpty();
            for (String clause : clauses) {
                assertThat(clause)
                        .as("%s: %s", file, clause)
                        .startsWith(policy.title() + ", ")
                        .doesNotContainPattern(
                                "\\.txt\\b|CONTRACTS|powerpos |unixo |mtds |maocloud ");
                String cited = clause.substring(policy.title().length() + 2);
                if (PolicySet.DEFAULT.equals(policy.contract())) {
                    assertThat(cited).as(file).startsWith("docs/contracts.md ");
                } else {
                    assertThat(cited)
                            .as("%s: only articles, no file name", file)
                            .doesNotContain(".md");
                    for (String part : cited.split(", ")) {
                        assertThat(part).as("%s: %s", file, clause).matches(ARTICLE);
                    }
                }
            }
        }
    }

    @Test
    void theLadderOfEveryContractIsCitedWithTheContractsTitle() {
        for (ContractPolicy p : PolicyLoader.loadBundled().all().values()) {
            for (int strike = 1; strike <= 3; strike++) {
                assertThat(p.ladder().rung(strike).clause()).startsWith(p.title() + ", ");
            }
        }
    }

    @Test
    void aSectionAContractLeavesOutCitesNoArticleOfAnyContract() {
        List<String> defaults = new ArrayList<>();
        defaults.add(PolicyDefaults.LADDER.rung(1).clause());
        defaults.add(PolicyDefaults.LADDER.rung(3).clause());
        defaults.add(PolicyDefaults.SPAM.burst().clause());
        defaults.add(PolicyDefaults.RESOURCES.cpu().clause());
        defaults.add(PolicyDefaults.DECLARED_SENDERS.clause());
        assertThat(defaults)
                .allSatisfy(
                        c ->
                                assertThat(c)
                                        .startsWith("Default policy, docs/contracts.md ")
                                        .doesNotContainPattern("(?i)article|annexe"));
    }

    private static List<String> clauses(String yaml) {
        List<String> out = new ArrayList<>();
        Matcher m = CLAUSE.matcher(yaml);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String bundledText(String file) throws IOException {
        try (InputStream in =
                PolicyCitationTest.class.getClassLoader().getResourceAsStream("policies/" + file)) {
            assertThat(in).as(file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
