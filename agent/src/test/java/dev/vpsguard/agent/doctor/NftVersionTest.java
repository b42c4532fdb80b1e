package dev.vpsguard.agent.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NftVersionTest {
    @Test
    void debianTwelvesNftIsRecentEnough() {
        assertThat(NftVersion.parse("nftables v1.0.6 (Lester Gooch #5)"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly(1, 0));
        assertThat(NftVersion.atLeast("nftables v1.0.6 (Lester Gooch #5)", 1, 0)).isTrue();
        assertThat(NftVersion.atLeast("nftables v1.1.1 (Commodore Bullmoose #2)", 1, 0)).isTrue();
    }

    @Test
    void olderOrUnreadableVersionsAreNotEnough() {
        assertThat(NftVersion.atLeast("nftables v0.9.8 (E.D.S.)", 1, 0)).isFalse();
        assertThat(NftVersion.atLeast("nft: command not found", 1, 0)).isFalse();
        assertThat(NftVersion.atLeast(null, 1, 0)).isFalse();
    }

    @Property
    void anyTextGivesAVersionOrNothing(@ForAll String text) {
        Optional<int[]> v = NftVersion.parse(text);
        v.ifPresent(pair -> assertThat(pair).hasSize(2).doesNotContain(-1));
    }
}
