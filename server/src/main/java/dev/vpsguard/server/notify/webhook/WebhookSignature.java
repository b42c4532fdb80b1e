package dev.vpsguard.server.notify.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code sha256=<lower-case hex HMAC-SHA256(secret, timestamp + "." +
 * body)>}, with the timestamp in unix seconds as sent in {@code X-Vpsguard-Timestamp}
 * (docs/webhooks.md).
 */
public final class WebhookSignature {
    private WebhookSignature() {}

    /** The {@code X-Vpsguard-Signature} value for a body sent at {@code timestampSeconds}. */
    public static String sign(String secret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /**
     * What a receiver does: recompute and compare in constant time, and refuse timestamps more than
     * {@code toleranceSeconds} away from {@code nowSeconds} (replays).
     */
    public static boolean verify(
            String secret,
            String timestampHeader,
            String signatureHeader,
            byte[] body,
            long nowSeconds,
            long toleranceSeconds) {
        long ts;
        try {
            ts = Long.parseLong(timestampHeader);
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
        if (Math.abs(nowSeconds - ts) > toleranceSeconds || signatureHeader == null) {
            return false;
        }
        byte[] expected = sign(secret, ts, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.getBytes(StandardCharsets.US_ASCII));
    }
}
