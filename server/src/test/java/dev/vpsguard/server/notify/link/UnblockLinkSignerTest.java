package dev.vpsguard.server.notify.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.server.notify.Notifications;
import dev.vpsguard.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class UnblockLinkSignerTest {
    private static final byte[] KEY =
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final MutableClock clock = new MutableClock(Notifications.T0);
    private final UnblockLinkSigner signer =
            new UnblockLinkSigner(KEY, clock, Duration.ofDays(7), "https://guard.example.net/");

    @Test
    void freshLinkVerifiesWithItsClaims() {
        String link = signer.link("blk-9", "pve1/101");
        assertThat(link).startsWith("https://guard.example.net/unblock/v1.");
        LinkCheck check = signer.verify(UnblockLinkSigner.tokenOf(link));
        assertThat(check)
                .isInstanceOfSatisfying(
                        LinkCheck.Valid.class,
                        v -> {
                            assertThat(v.claims().blockId()).isEqualTo("blk-9");
                            assertThat(v.claims().guestKey()).isEqualTo("pve1/101");
                            assertThat(v.claims().expiresAt())
                                    .isEqualTo(Notifications.T0.plus(Duration.ofDays(7)));
                        });
    }

    @Test
    void linkExpiresAfterSevenDays() {
        String token = signer.token("blk-9", "pve1/101");
        clock.advance(Duration.ofDays(7).minusSeconds(1));
        assertThat(signer.verify(token)).isInstanceOf(LinkCheck.Valid.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(signer.verify(token))
                .isEqualTo(new LinkCheck.Rejected(LinkCheck.Reason.EXPIRED));
    }

    @Test
    void changedClaimsAreTampered() {
        String token = signer.token("blk-9", "pve1/101");
        String[] p = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8);
        String forged =
                Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                claims.replace("blk-9", "blk-8").getBytes(StandardCharsets.UTF_8));
        assertThat(signer.verify(p[0] + "." + forged + "." + p[2]))
                .isEqualTo(new LinkCheck.Rejected(LinkCheck.Reason.TAMPERED));
    }

    @Test
    void linkSignedWithAnotherKeyIsTampered() {
        UnblockLinkSigner other =
                new UnblockLinkSigner(
                        "another-key-another-key-another!".getBytes(StandardCharsets.UTF_8),
                        clock,
                        Duration.ofDays(7),
                        "https://x");
        assertThat(signer.verify(other.token("blk-9", "pve1/101")))
                .isEqualTo(new LinkCheck.Rejected(LinkCheck.Reason.TAMPERED));
    }

    @Test
    void alteredCharacterAnywhereIsRejected() {
        // Many tokens, so that some end (in each part) with a character whose low bits the
        // base64 decoder ignores: 'A' and 'B' decode alike there.
        for (int n = 0; n < 64; n++) {
            String token = signer.token("blk-9", "pve1/101");
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                for (char swapped : new char[] {c == 'A' ? 'B' : 'A', (char) (c ^ 1)}) {
                    String t = token.substring(0, i) + swapped + token.substring(i + 1);
                    assertThat(signer.verify(t))
                            .as("%s changed at %d to %s", token, i, swapped)
                            .isInstanceOf(LinkCheck.Rejected.class);
                }
            }
        }
    }

    @Test
    void tokensAreUniquePerLink() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            LinkCheck.Valid v = (LinkCheck.Valid) signer.verify(signer.token("blk-9", "pve1/101"));
            nonces.add(v.claims().nonce());
        }
        assertThat(nonces).hasSize(100);
    }

    @Test
    void usedLinkIsRefused() {
        Set<String> used = new HashSet<>();
        UsedNonceStore store =
                new UsedNonceStore() {
                    @Override
                    public boolean isUsed(String nonce) {
                        return used.contains(nonce);
                    }

                    @Override
                    public boolean markUsed(
                            java.sql.Connection tx,
                            UnblockClaims claims,
                            java.time.Instant usedAt) {
                        return used.add(claims.nonce());
                    }
                };
        String token = signer.token("blk-9", "pve1/101");
        LinkCheck.Valid v = (LinkCheck.Valid) signer.verify(token, store);
        assertThat(store.markUsed(null, v.claims(), clock.instant())).isTrue();
        assertThat(signer.verify(token, store))
                .isEqualTo(new LinkCheck.Rejected(LinkCheck.Reason.ALREADY_USED));
    }

    @Test
    void shortKeyIsRefused() {
        assertThatThrownBy(
                        () ->
                                new UnblockLinkSigner(
                                        new byte[16], clock, Duration.ofDays(7), "https://x"))
                .hasMessage("unblock link key must have at least 32 bytes, had 16");
    }

    @Property
    void arbitraryTextIsRejectedNeverThrown(@ForAll String text) {
        assertThat(signer.verify(text)).isInstanceOf(LinkCheck.Rejected.class);
        assertThat(signer.verify("v1." + text)).isInstanceOf(LinkCheck.Rejected.class);
    }

    @Test
    void anExpiredLinkStillShowsWhoseItIsButNothingElseDoes() {
        String token = signer.token("blk-9", "pve1/101");
        clock.advance(Duration.ofDays(8));
        assertThat(signer.verify(token))
                .isEqualTo(new LinkCheck.Rejected(LinkCheck.Reason.EXPIRED));
        assertThat(signer.authenticClaims(token))
                .hasValueSatisfying(c -> assertThat(c.blockId()).isEqualTo("blk-9"));
        String[] p = token.split("\\.");
        assertThat(signer.authenticClaims(p[0] + "." + p[1] + "." + p[2].substring(1))).isEmpty();
        assertThat(signer.authenticClaims("nonsense")).isEmpty();
    }
}
