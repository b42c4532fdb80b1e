package dev.vpsguard.server.notify.link;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints and checks the customer's signed unblock link (contract S7).
 *
 * <p>Token: {@code v1.<base64url(blockId \n guestKey \n expiryEpochSeconds \n nonce)>.<base64url(
 * HMAC-SHA256(key, "v1." + first part))>}. The link is {@code <baseUrl>/unblock/<token>}. The token
 * is opaque to the customer; only this server's key can mint one.
 */
public final class UnblockLinkSigner {
    /** The shortest key accepted: the HMAC-SHA256 block strength, 32 bytes. */
    /** The name of the unblock link in a notification's links. */
    public static final String LINK_NAME = "unblock";

    public static final int MIN_KEY_BYTES = 32;

    private static final String VERSION = "v1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration validity;
    private final String baseUrl;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param key HMAC key, at least {@link #MIN_KEY_BYTES} bytes
     * @param validity how long a new link works (7 days by default)
     * @param baseUrl the server's public URL the customer opens, without trailing slash
     */
    public UnblockLinkSigner(byte[] key, Clock clock, Duration validity, String baseUrl) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "unblock link key must have at least "
                            + MIN_KEY_BYTES
                            + " bytes, had "
                            + (key == null ? 0 : key.length));
        }
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("link validity must be positive, was " + validity);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.validity = validity;
        this.baseUrl = stripSlash(Objects.requireNonNull(baseUrl, "baseUrl"));
    }

    /** A fresh link for a block, valid from now for the configured validity. */
    public String link(String blockId, String guestKey) {
        return baseUrl + "/unblock/" + token(blockId, guestKey);
    }

    /** A fresh token (the last path segment of {@link #link}). */
    public String token(String blockId, String guestKey) {
        for (String field : new String[] {blockId, guestKey}) {
            if (field == null || field.isEmpty() || field.indexOf('\n') >= 0) {
                throw new IllegalArgumentException(
                        "block id and guest must be one line, was " + field);
            }
        }
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        Instant expiry = clock.instant().plus(validity);
        String claims =
                String.join(
                        "\n",
                        blockId,
                        guestKey,
                        Long.toString(expiry.getEpochSecond()),
                        B64.encodeToString(nonce));
        String signed = VERSION + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return signed + "." + B64.encodeToString(mac(signed));
    }

    /** Extracts the token from a link produced by {@link #link}, or returns the text as is. */
    public static String tokenOf(String linkOrToken) {
        int i = linkOrToken.lastIndexOf('/');
        return i < 0 ? linkOrToken : linkOrToken.substring(i + 1);
    }

    /** Checks authenticity and expiry (not reuse: see {@link #verify(String, UsedNonceStore)}). */
    public LinkCheck verify(String token) {
        LinkCheck check = authenticate(token);
        if (check instanceof LinkCheck.Valid v
                && !clock.instant().isBefore(v.claims().expiresAt())) {
            return new LinkCheck.Rejected(LinkCheck.Reason.EXPIRED);
        }
        return check;
    }

    /**
     * The claims of a link this server signed, expired or not; empty for anything else. Only for
     * telling an expired link's owner so in their language: never grants anything.
     */
    public Optional<UnblockClaims> authenticClaims(String token) {
        return authenticate(token) instanceof LinkCheck.Valid v
                ? Optional.of(v.claims())
                : Optional.empty();
    }

    /** Checks the shape and the signature only. */
    private LinkCheck authenticate(String token) {
        if (token == null || token.length() > 2048) {
            return new LinkCheck.Rejected(LinkCheck.Reason.MALFORMED);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            return new LinkCheck.Rejected(LinkCheck.Reason.MALFORMED);
        }
        byte[] given;
        byte[] claimBytes;
        try {
            given = B64D.decode(parts[2]);
            claimBytes = B64D.decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return new LinkCheck.Rejected(LinkCheck.Reason.MALFORMED);
        }
        // Constant-time: the comparison must not reveal how many leading bytes matched. The
        // decoder ignores the unused low bits of a last character, so a token is only accepted in
        // the one spelling this server writes: any other is altered.
        if (!MessageDigest.isEqual(mac(parts[0] + "." + parts[1]), given)
                || !B64.encodeToString(given).equals(parts[2])
                || !B64.encodeToString(claimBytes).equals(parts[1])) {
            return new LinkCheck.Rejected(LinkCheck.Reason.TAMPERED);
        }
        String[] f = new String(claimBytes, StandardCharsets.UTF_8).split("\n", -1);
        if (f.length != 4) {
            return new LinkCheck.Rejected(LinkCheck.Reason.MALFORMED);
        }
        Instant expiry;
        try {
            expiry = Instant.ofEpochSecond(Long.parseLong(f[2]));
        } catch (RuntimeException e) {
            return new LinkCheck.Rejected(LinkCheck.Reason.MALFORMED);
        }
        return new LinkCheck.Valid(new UnblockClaims(f[0], f[1], expiry, f[3]));
    }

    /** As {@link #verify(String)}, and refuses a link whose nonce was already used. */
    public LinkCheck verify(String token, UsedNonceStore used) {
        LinkCheck check = verify(token);
        if (check instanceof LinkCheck.Valid v && used.isUsed(v.claims().nonce())) {
            return new LinkCheck.Rejected(LinkCheck.Reason.ALREADY_USED);
        }
        return check;
    }

    private byte[] mac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
