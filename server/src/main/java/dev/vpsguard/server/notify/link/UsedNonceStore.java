package dev.vpsguard.server.notify.link;

import java.time.Instant;

/** Remembers which unblock links were used, so each works once. */
public interface UsedNonceStore {

    /** Whether a request was already made with this link's nonce. */
    boolean isUsed(String nonce);

    /**
     * Records the use of a link. Call it in the transaction that records the unblock request.
     *
     * @return false when the nonce was already used (a concurrent second submit loses)
     */
    boolean markUsed(UnblockClaims claims, Instant usedAt);
}
