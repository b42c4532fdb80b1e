package dev.vpsguard.server.notify.link;

import java.sql.Connection;
import java.time.Instant;

/** Remembers which unblock links were used, so each works once. */
public interface UsedNonceStore {

    /** Whether a request was already made with this link's nonce. */
    boolean isUsed(String nonce);

    /**
     * Records the use of a link with the caller's connection, in the transaction that records the
     * unblock request, so both commit or neither does.
     *
     * @return false when the nonce was already used (a concurrent second submit loses)
     */
    boolean markUsed(Connection transaction, UnblockClaims claims, Instant usedAt);
}
