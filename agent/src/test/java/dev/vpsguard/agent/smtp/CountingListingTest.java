package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.agent.smtp.CountingListing.Counts;
import dev.vpsguard.agent.smtp.CountingListing.Dest;
import dev.vpsguard.agent.smtp.CountingListing.Flow;
import dev.vpsguard.agent.smtp.CountingListing.Pending;
import dev.vpsguard.agent.smtp.CountingRules.Generation;
import java.net.InetAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code nft -j list table inet vpsguard_watch} as nftables 1.0.6 printed it in a lab namespace
 * (src/test/resources/nft/README.md says how the captures were made).
 */
class CountingListingTest {
    static final InetAddress GUEST4 = ip("198.51.100.101");
    static final InetAddress GUEST6 = ip("2001:db8::101");

    @Test
    void aSwappedTableTellsTheActiveGenerationItsStartAndBothGenerations() {
        CountingListing l =
                CountingListing.parse(Fixtures.resource("/nft/watch-counting-swapped.json"));

        assertThat(l.active()).isEqualTo(Generation.B);
        assertThat(l.since()).isEqualTo(Instant.parse("2026-12-03T10:00:05Z"));
        Counts a = l.generations().get(Generation.A);
        assertThat(a.flows())
                .containsExactlyInAnyOrder(
                        new Flow(GUEST4, "icmp", 0, 1),
                        new Flow(GUEST4, "udp", 0, 2),
                        new Flow(GUEST4, "tcp", 25, 20),
                        new Flow(GUEST6, "tcp", 25, 6));
        assertThat(a.dests())
                .contains(
                        new Dest(GUEST4, ip("198.51.100.202"), "icmp", 0, 1),
                        new Dest(GUEST4, ip("198.51.100.204"), "udp", 514, 1),
                        new Dest(GUEST4, ip("198.51.100.203"), "tcp", 25, 6),
                        new Dest(GUEST6, ip("2001:db8::203"), "tcp", 25, 2))
                .hasSize(8);
        assertThat(a.answered())
                .containsExactlyInAnyOrder(
                        new Flow(GUEST4, "tcp", 25, 13), new Flow(GUEST6, "tcp", 25, 4));
        assertThat(a.refused()).containsEntry(GUEST4, 3L).containsEntry(GUEST6, 2L);
        Counts b = l.generations().get(Generation.B);
        assertThat(b.flows()).containsExactly(new Flow(GUEST4, "tcp", 25, 1));
        assertThat(b.refused()).isEmpty();
        assertThat(l.pending()).containsExactly(new Pending(GUEST4, "tcp", 25));
        assertThat(l.layout()).as("captured before the layout comment existed").isNull();
    }

    @Test
    void theFirstGenerationAloneWithWaitingFlows() {
        CountingListing l =
                CountingListing.parse(Fixtures.resource("/nft/watch-counting-one-generation.json"));

        assertThat(l.active()).isEqualTo(Generation.A);
        assertThat(l.since()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(l.pending())
                .containsExactlyInAnyOrder(
                        new Pending(GUEST4, "udp", 514),
                        new Pending(GUEST4, "tcp", 25),
                        new Pending(GUEST4, "tcp", 25),
                        new Pending(GUEST4, "udp", 53));
        assertThat(l.generations().get(Generation.B).flows()).isEmpty();
    }

    @Test
    void notNftJsonIsRefusedWithTheReason() {
        assertThatThrownBy(() -> CountingListing.parse("Error: No such file"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> CountingListing.parse("{\"x\": 1}"))
                .hasMessageContaining("no \"nftables\" array");
        assertThat(CountingListing.parse("{\"nftables\": []}").active()).isNull();
    }

    static InetAddress ip(String literal) {
        try {
            return AddressLiteral.parse(literal);
        } catch (ConntrackParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
